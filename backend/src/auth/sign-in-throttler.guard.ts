import { Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';

/** Sign-in attempts counted per client address and username: guessing one account's password is what it stops. */
@Injectable()
export class SignInThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(req: Record<string, any>): Promise<string> {
    return `${req.ip}|${String(req.body?.username ?? '').trim().toLowerCase().slice(0, 64)}`;
  }
}
