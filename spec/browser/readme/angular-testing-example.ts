import { HttpClient, provideHttpClient } from '@angular/common/http';
import { inject, provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideHttprx } from 'httprx/angular';
import { TestingController } from 'httprx/testing';
import { firstValueFrom } from 'rxjs';

class UserService {
  readonly #http = inject(HttpClient);

  user(id: number) {
    return this.#http.get<{ name: string }>(`/api/users/${id}`, { params: { fields: 'name' } });
  }
}

describe('UserService', () => {
  let controller: TestingController;

  beforeEach(() => {
    controller = new TestingController();
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(),
        provideHttprx({ transport: controller.transport }),
        UserService,
      ],
    });
  });

  afterEach(() => controller.verify());

  it('reads a user', async () => {
    const user = firstValueFrom(TestBed.inject(UserService).user(7));
    const request = controller.expectOne({ method: 'GET', url: '/api/users/7?fields=name' });
    expect(request.request.headers.get('accept')).toContain('application/json');
    request.flush({ name: 'Ada' });
    expect(await user).toEqual({ name: 'Ada' });
  });

  it('fails with the 404 as Angular’s HttpErrorResponse', async () => {
    const user = firstValueFrom(TestBed.inject(UserService).user(8));
    controller.expectOne('/api/users/8?fields=name').flush({ error: 'no such user' }, { status: 404 });
    await expectAsync(user).toBeRejectedWith(
      jasmine.objectContaining({ status: 404, error: { error: 'no such user' } }),
    );
  });
});
