export interface ParallelismLimit {
  /** The most GPUs the enterprise may reserve, over all GPU types. */
  readonly total: number;
  /** Optional caps per GPU type id, each at most `total`. */
  readonly perType: Readonly<Record<string, number>>;
}

export interface BillingAddress {
  readonly line1: string;
  readonly line2?: string;
  readonly city: string;
  readonly postalCode: string;
  readonly region?: string;
  readonly country: string;
}

export interface Enterprise {
  readonly id: string;
  readonly name: string;
  readonly contactEmail: string;
  readonly billingAddress: BillingAddress | null;
  readonly administratorId: string;
  readonly parallelismLimit: ParallelismLimit;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
}

export type EnterpriseChanges = Partial<
  Pick<Enterprise, 'name' | 'contactEmail' | 'billingAddress'>
>;
