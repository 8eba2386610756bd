// TYPE-ONLY STAND-IN for helper "finance-sdk"'s shared/archive/finance-sdk/finance-sdk.ts (the koffi binding of
// libWeWorkFinanceSdk_C.so), declaring exactly the agreed interface so the puller typechecks on this branch.
// Delete this file when the binding is merged: the real .ts takes precedence and owns the implementation.
export declare class FinanceSdk {
  static open(libPath: string, corpId: string, secret: string): FinanceSdk;
  close(): void;
}
export declare class FinanceSdkError extends Error {
  code: number;
  retryable: boolean;
}
