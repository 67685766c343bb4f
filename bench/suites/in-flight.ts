/** Memory per request with many in flight, httprx `get` against `undici.request`. */
import { measureIn } from '../processes.ts';
import { IN_FLIGHT_CONTENDERS, type InFlightParams, type InFlightSample } from '../protocol.ts';
import type { Settings } from '../settings.ts';
import { alternate, type Measured, one } from './alternate.ts';
import type { Log } from './progress.ts';
import { waitForQuiet } from './quiet.ts';

export type InFlightResult = Measured<InFlightSample>;

export function runInFlight(settings: Settings, origin: string, log: Log): Promise<InFlightResult[]> {
  return alternate<InFlightSample>(
    {
      label: 'in flight',
      contenders: IN_FLIGHT_CONTENDERS,
      rounds: settings.inFlightRounds,
      measure: (contender) => {
        const params = {
          contender,
          origin,
          count: settings.inFlight,
          connections: settings.inFlightConnections,
        } as InFlightParams;
        return one(measureIn<InFlightSample>('in-flight', params, { execArgv: ['--expose-gc'] }));
      },
      settle: () => waitForQuiet(settings.maxOtherCpu, settings.quietWaitMs),
      describe: ([s]) =>
        `${s!.heapBytesPerRequest.toFixed(0)} B heap/req  ${s!.rssBytesPerRequest.toFixed(0)} B RSS/req`,
    },
    log,
  );
}
