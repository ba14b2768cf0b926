import { ERRORS } from '@cosite/contracts';
import { APPLICATION_STATES, type ApplicationFacts, reviewClock, transition, TRANSITIONS } from './workflow';

const app = (over: Partial<ApplicationFacts> = {}): ApplicationFacts => ({
  state: 'draft',
  kind: 'share',
  organisationId: 'china-mobile',
  justification: null,
  shareWasFeasible: true,
  needsBureauReview: false,
  bureauCleared: false,
  ...over,
});
const applicant = { role: 'planner' as const, organisationId: 'china-mobile' };
const otherPlanner = { role: 'planner' as const, organisationId: 'china-unicom' };
const regulator = { role: 'regulator' as const, organisationId: 'cq-comms-admin' };
const bureau = { role: 'bureau' as const, organisationId: 'cq-planning' };
const admin = { role: 'admin' as const, organisationId: 'cosite-admin' };
const actors = { applicant, otherPlanner, regulator, bureau, admin };

describe('application workflow', () => {
  it('allows exactly the listed transitions, each to its party only, and refuses every other pair (transition_not_allowed)', () => {
    for (const from of APPLICATION_STATES) {
      for (const to of APPLICATION_STATES) {
        const rule = TRANSITIONS.find((t) => t.from === from && t.to === to);
        for (const [name, actor] of Object.entries(actors)) {
          const r = transition(app({ state: from, justification: 'x' }), to, actor, 'why');
          if (!rule) expect(r).toMatchObject({ ok: false, code: 'transition_not_allowed' });
          else if ((rule.by === 'applicant' && name === 'applicant') || rule.by === name) expect(r).toMatchObject({ ok: true });
          else expect(r).toMatchObject({ ok: false, code: 'not_your_step' });
        }
      }
    }
  });

  it('asks a written justification of a new build where a share was feasible', () => {
    expect(transition(app({ kind: 'new_build' }), 'submitted', applicant)).toMatchObject({ ok: false, code: 'justification_required' });
    expect(transition(app({ kind: 'new_build', justification: '  ' }), 'submitted', applicant)).toMatchObject({ ok: false, code: 'justification_required' });
    expect(transition(app({ kind: 'new_build', justification: 'the candidate tower is being demolished' }), 'submitted', applicant)).toEqual({
      ok: true,
      state: 'submitted',
    });
    expect(transition(app({ kind: 'new_build', shareWasFeasible: false }), 'submitted', applicant)).toEqual({ ok: true, state: 'submitted' });
  });

  it('sends a new build in a zoning overlay to the bureau first, then to the regulator once cleared', () => {
    const inOverlay = app({ kind: 'new_build', shareWasFeasible: false, needsBureauReview: true });
    expect(transition(inOverlay, 'submitted', applicant)).toEqual({ ok: true, state: 'bureau_review' });
    expect(transition({ ...inOverlay, state: 'bureau_review' }, 'submitted', bureau)).toEqual({ ok: true, state: 'submitted' });
    expect(transition({ ...inOverlay, state: 'returned', bureauCleared: true }, 'submitted', applicant)).toEqual({ ok: true, state: 'submitted' });
  });

  it('asks a comment of a return or a rejection, by the regulator or the bureau, and of nothing else', () => {
    for (const [state, to, actor] of [
      ['in_review', 'returned', regulator],
      ['in_review', 'rejected', regulator],
      ['bureau_review', 'returned', bureau],
    ] as const) {
      expect(transition(app({ state }), to, actor)).toMatchObject({ ok: false, code: 'comment_required' });
      expect(transition(app({ state }), to, actor, '   ')).toMatchObject({ ok: false, code: 'comment_required' });
      expect(transition(app({ state }), to, actor, 'the drawing lacks the mast height')).toEqual({ ok: true, state: to });
    }
    expect(transition(app({ state: 'in_review' }), 'approved', regulator)).toEqual({ ok: true, state: 'approved' });
    expect(ERRORS.comment_required.status).toBe(400);
  });

  it('lets the applicant withdraw until a decision, and nobody else', () => {
    for (const state of ['draft', 'submitted', 'bureau_review', 'in_review', 'returned'] as const) {
      expect(transition(app({ state }), 'withdrawn', applicant)).toEqual({ ok: true, state: 'withdrawn' });
      expect(transition(app({ state }), 'withdrawn', otherPlanner)).toMatchObject({ ok: false, code: 'not_your_step' });
      expect(transition(app({ state }), 'withdrawn', regulator)).toMatchObject({ ok: false, code: 'not_your_step' });
    }
    for (const state of ['approved', 'rejected', 'withdrawn'] as const)
      expect(transition(app({ state }), 'withdrawn', applicant)).toMatchObject({ ok: false, code: 'transition_not_allowed' });
  });

  it('answers in domain codes, whose HTTP status only the ERRORS table of the contract gives', () => {
    const codes = [
      transition(app(), 'approved', regulator),
      transition(app(), 'submitted', regulator),
      transition(app({ kind: 'new_build' }), 'submitted', applicant),
    ].map((r) => (r.ok ? null : r.code));
    expect(codes).toEqual(['transition_not_allowed', 'not_your_step', 'justification_required']);
    expect(codes.map((c) => ERRORS[c!].status)).toEqual([409, 403, 400]);
  });

  it('counts the days in each state against its limit', () => {
    const d = (s: string) => new Date(`2026-11-${s}T00:00:00Z`);
    const clock = reviewClock(
      [
        { state: 'draft', at: d('01') },
        { state: 'submitted', at: d('02') },
        { state: 'in_review', at: d('10') },
      ],
      d('20'),
      { submitted: 5, in_review: 20 },
    );
    expect(clock.map((c) => [c.state, c.days, c.overdue])).toEqual([
      ['draft', 1, false],
      ['submitted', 8, true],
      ['in_review', 10, false],
    ]);
    expect(clock[2].current).toBe(true);
  });
});
