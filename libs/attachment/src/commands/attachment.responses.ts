import { ProblemCodes } from '@chengguo/common';
import { ApiProperty } from '@nestjs/swagger';

/** An upload's refusals by status (the controller's and AttachmentErrors), documented on POST /attachments. */
export const ATTACHMENT_UPLOAD_REFUSALS: ProblemCodes = {
  // Two uploads of the same bytes by the same person at once: the second decided on a stream that moved.
  400: ['ATTACHMENT_MULTIPART_MALFORMED'],
  409: ['CONCURRENT_MODIFICATION'],
  413: ['ATTACHMENT_TOO_LARGE'],
  415: ['ATTACHMENT_MULTIPART_REQUIRED', 'ATTACHMENT_TYPE_NOT_ALLOWED'],
  422: ['ATTACHMENT_FILE_MISSING', 'ATTACHMENT_UPLOAD_INVALID', 'ATTACHMENT_EMPTY', 'ATTACHMENT_INVALID_NAME', 'ATTACHMENT_INVALID_HASH'],
};

/** A download's refusals: not there, or not the caller's to read (the same answer). */
export const ATTACHMENT_DOWNLOAD_REFUSALS: ProblemCodes = { 404: ['ATTACHMENT_NOT_FOUND'] };

/** What an upload answers, and what a disclosure lists for each of its files. */
export class AttachmentDescription {
  @ApiProperty({ description: 'SHA-256 of the bytes, lower-case hex: the attachment’s id', pattern: '^[0-9a-f]{64}$' }) sha256: string;
  @ApiProperty() sizeBytes: number;
  @ApiProperty({ example: 'application/pdf', description: 'Sniffed from the bytes' }) contentType: string;
  @ApiProperty({ example: '实验结果.pdf' }) name: string;
}
