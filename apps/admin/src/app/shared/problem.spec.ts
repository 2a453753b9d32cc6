import { HttpErrorResponse } from '@angular/common/http';
import { FormControl, FormGroup } from '@angular/forms';

import { applyServerErrors, problemOf } from './problem';

describe('server errors on forms', () => {
  const problem = (body: unknown, status = 400) => new HttpErrorResponse({ error: body, status });

  it('marks each field the server names and returns no general message', () => {
    const form = new FormGroup({ email: new FormControl(''), password: new FormControl('') });

    const message = applyServerErrors(
      form,
      problem({
        type: 'x',
        title: 't',
        status: 400,
        detail: '1 field',
        errors: [{ field: 'password', message: 'is too common' }],
      }),
    );

    expect(message).toBe('');
    expect(form.controls.password.getError('server')).toBe('is too common');
    expect(form.controls.password.touched).toBe(true);
    expect(form.controls.email.valid).toBe(true);
  });

  it("shows the problem's detail when no field matches", () => {
    const form = new FormGroup({ email: new FormControl('') });

    expect(
      applyServerErrors(
        form,
        problem(
          { type: 'x', title: 't', status: 401, detail: 'The email or the password is wrong.' },
          401,
        ),
      ),
    ).toBe('The email or the password is wrong.');
  });

  it('explains a network failure', () => {
    expect(problemOf(new HttpErrorResponse({ status: 0 })).detail).toContain('cannot be reached');
  });
});
