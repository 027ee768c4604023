/** Thrown for arguments the service refuses before touching the database. */
export class InvalidArgumentError extends Error {
  constructor(message) {
    super(message);
    this.name = 'InvalidArgumentError';
  }
}
