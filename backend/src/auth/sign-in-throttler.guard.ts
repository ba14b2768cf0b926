import { Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';

/** Sign-in attempts counted per client address and username: guessing one account's password is what it stops. */
@Injectable()
export class SignInThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    const username = (req.body as { username?: unknown } | undefined)?.username;
    return `${String(req.ip)}|${String(username ?? '')
      .trim()
      .toLowerCase()
      .slice(0, 64)}`;
  }
}
