import {
  paymentFiltersFromUrl,
  paymentFiltersToUrl,
  paymentMatches,
  paymentQuery,
} from './payment-filters';

describe('payment filters in the URL', () => {
  it('read back what they wrote, leaving defaults out of the link', () => {
    const filters = paymentFiltersFromUrl({ status: 'pending,failed', method: 'card', page: '3' });

    expect(filters).toMatchObject({
      statuses: ['pending', 'failed'],
      methods: ['card'],
      sort: '-createdAt',
      page: 3,
      pageSize: 20,
    });
    expect(paymentFiltersToUrl(filters)).toEqual({
      status: 'pending,failed',
      method: 'card',
      page: '3',
    });
    expect(paymentFiltersFromUrl(paymentFiltersToUrl(filters))).toEqual(filters);
  });

  it('ignore what a hand-edited link gets wrong instead of failing the page', () => {
    expect(
      paymentFiltersFromUrl({ status: 'lost,pending', page: '-2', pageSize: '5000', from: 'soon' }),
    ).toMatchObject({ statuses: ['pending'], page: 1, pageSize: 100, from: '' });
  });

  it('always send the sort and page to the API', () => {
    expect(paymentQuery(paymentFiltersFromUrl({}))).toEqual({
      sort: '-createdAt',
      page: '1',
      pageSize: '20',
    });
  });

  it('decide whether a live payment belongs on the page', () => {
    const filters = paymentFiltersFromUrl({ status: 'pending', method: 'card,cash' });
    const payment = { status: 'pending' as const, method: 'card' as const, customerId: 'c' };
    expect(paymentMatches(payment, filters)).toBe(true);
    expect(paymentMatches({ ...payment, status: 'completed' }, filters)).toBe(false);
    expect(paymentMatches({ ...payment, method: 'bank_transfer' }, filters)).toBe(false);
  });
});
