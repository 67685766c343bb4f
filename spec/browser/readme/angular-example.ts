import { HttpClient, HttpEventType, provideHttpClient } from '@angular/common/http';
import { inject } from '@angular/core';
import { provideHttprx } from 'httprx/angular';
import { filter, map } from 'rxjs';

export class UploadService {
  readonly #http = inject(HttpClient);

  /** The fraction of `file` sent, from 0 to 1; completes once the server has answered. */
  upload(file: File) {
    return this.#http.post('/api/slow-upload', file, { observe: 'events', reportUploadProgress: true }).pipe(
      filter((event) => event.type === HttpEventType.UploadProgress),
      map((event) => event.loaded / (event.total ?? file.size)),
    );
  }
}

export const appConfig = {
  providers: [provideHttpClient(), provideHttprx({ retry: 2 }), UploadService],
};
