/** The large download, httprx `stream()` against `undici.stream`. */
import { measureIn } from '../processes.ts';
import { LARGE_BODY_CONTENDERS, type LargeBodyParams, type LargeBodySample } from '../protocol.ts';
import type { Settings } from '../settings.ts';
import { alternate, type Measured, one } from './alternate.ts';
import type { Log } from './progress.ts';
import { waitForQuiet } from './quiet.ts';

export type LargeBodyResult = Measured<LargeBodySample>;

export function runLargeBody(settings: Settings, origin: string, log: Log): Promise<LargeBodyResult[]> {
  return alternate<LargeBodySample>(
    {
      label: 'large body',
      contenders: LARGE_BODY_CONTENDERS,
      rounds: settings.largeRounds,
      measure: (contender) => {
        const params = { contender, origin, bytes: settings.largeBytes } as LargeBodyParams;
        return one(measureIn<LargeBodySample>('large-body', params, { timeoutMs: 300_000 }));
      },
      settle: () => waitForQuiet(settings.maxOtherCpu, settings.quietWaitMs),
      describe: ([s]) => `${s!.mibPerSecond.toFixed(0)} MiB/s  peak RSS ${s!.maxRssMB.toFixed(0)} MB`,
    },
    log,
  );
}
