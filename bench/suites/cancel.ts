/** Cancellation: httprx unsubscribe against undici.stream with an AbortController. */
import { measureIn } from '../processes.ts';
import { CANCEL_CONTENDERS, type CancelParams, type CancelSample } from '../protocol.ts';
import type { Settings } from '../settings.ts';
import { alternate, type Measured } from './alternate.ts';
import type { Log } from './progress.ts';
import { waitForQuiet } from './quiet.ts';

export type CancelResult = Measured<CancelSample>;

export function runCancel(settings: Settings, origin: string, log: Log): Promise<CancelResult[]> {
  return alternate<CancelSample>(
    {
      label: 'cancel',
      contenders: CANCEL_CONTENDERS,
      rounds: settings.cancelRounds,
      measure: (contender) => {
        const params = { contender, origin, repeats: settings.cancelRepeats } as CancelParams;
        return measureIn<CancelSample[]>('cancel', params);
      },
      settle: () => waitForQuiet(settings.maxOtherCpu, settings.quietWaitMs),
      describe: (samples) => samples.map((s) => `${s.closeMs.toFixed(2)} ms`).join(', '),
    },
    log,
  );
}
