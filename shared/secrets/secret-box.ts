// Port: encrypts tenant secrets at rest. The context (the tenant) is bound to the ciphertext, so a
// value copied from one tenant's item into another's fails to decrypt.
export interface SecretContext {
  tenantId: string;
}

export interface SecretBox {
  encrypt(plain: string, context: SecretContext): Promise<string>;
  decrypt(cipher: string, context: SecretContext): Promise<string>;
}
