import { HttpStatus } from '@nestjs/common';

/** RFC 7807 problem document with Chengguo's stable machine-readable `code`. */
export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  code: string;
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
export const PROBLEM_TYPE_BASE = 'https://chengguo.dev/problems/';

/** Thrown anywhere in the request pipeline; the global filter renders it as problem+json. */
export class ProblemException extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail);
    this.name = 'ProblemException';
  }

  toDocument(instance?: string): ProblemDocument {
    // Extensions first: they may never overwrite the members RFC 7807 defines.
    return {
      ...this.extensions,
      type: `${PROBLEM_TYPE_BASE}${this.code.toLowerCase().replace(/_/g, '-')}`,
      title: HttpStatus[this.status]
        ? HttpStatus[this.status]
            .toLowerCase()
            .split('_')
            .map((w) => w[0].toUpperCase() + w.slice(1))
            .join(' ')
        : 'Error',
      status: this.status,
      detail: this.detail,
      instance,
      code: this.code,
    };
  }
}
