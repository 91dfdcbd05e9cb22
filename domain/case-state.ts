import type { ApplicationDetail, ApplicationEvent } from '../contract/apply'
import type { CaseState } from './workflow'

/**
 * The state machine's view of a case (domain/workflow.ts), from what the case shows (contract ApplicationDetail): the
 * mocks keep cases that way, and the staff workbench offers the actions allowed now. Types only: cheap to bundle.
 */
const lastAsked = (a: ApplicationDetail): ApplicationEvent | undefined => [...a.events].reverse().find((e) => e.to === 'supplementRequested')

/** The state machine's view of a case, from what the case shows. */
export function caseStateOf(a: ApplicationDetail): CaseState {
  return {
    status: a.status,
    handlingMode: a.handlingMode,
    needsPaper: a.paper !== null,
    paperReceived: a.paper?.received ?? false,
    supplementReturnTo: a.status === 'supplementRequested' ? (lastAsked(a)?.from ?? null) : null,
    delivered: a.delivery !== null,
    materialsReturned: a.materialsReturnedAt !== null
  }
}

