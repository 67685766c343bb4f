/**
 * The README's browser and Angular examples, run in Chromium: spec/browser/readme/*-example.ts
 * are the README's code blocks verbatim (spec/readme-browser.spec.ts compares them). `/api/` is
 * the API server, through karma's proxy: the page's own origin.
 */
import '@angular/compiler';
import {
  createEnvironmentInjector,
  type EnvironmentInjector,
  Injector,
  provideZonelessChangeDetection,
  ɵINJECTOR_SCOPE,
} from '@angular/core';
import { lastValueFrom, toArray } from 'rxjs';
import { appConfig, UploadService } from './readme/angular-example.ts';

describe('the README’s browser examples', () => {
  it('upload with a progress bar, and stream a download with fetch', async () => {
    const logged: string[] = [];
    spyOn(console, 'log').and.callFake((line: string) => logged.push(line));
    // Loaded here, after the spy: the example starts its requests as it loads.
    const { bar, download, upload } = await import('./readme/browser-example.ts');
    await Promise.all(
      [upload, download].map((subscription) => new Promise<void>((resolve) => subscription.add(resolve))),
    );
    expect(bar.value).toBe(1);
    expect(logged.length).toBeGreaterThan(0);
    expect(logged.every((line) => /^\d+ bytes$/.test(line))).toBe(true);
  });

  it('give an Angular service upload progress', async () => {
    // A root injector as an application's, with the README's providers.
    const injector = createEnvironmentInjector(
      [
        { provide: ɵINJECTOR_SCOPE, useValue: 'root' },
        provideZonelessChangeDetection(),
        ...appConfig.providers,
      ],
      Injector.create({ providers: [] }) as EnvironmentInjector,
    );
    const file = new File([new Uint8Array(8 * 1024 * 1024)], 'big.bin');
    const fractions = await lastValueFrom(injector.get(UploadService).upload(file).pipe(toArray()));
    expect(fractions.length).toBeGreaterThan(0);
    expect(fractions[fractions.length - 1]).toBe(1);
    injector.destroy();
  });
});
