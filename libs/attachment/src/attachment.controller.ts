import {
  ApiProblems,
  commandContext,
  CurrentActor,
  ProblemException,
  RequestActor,
  SHA256_HEX,
  unstorableTextProblem,
  unstorableTextReason,
} from '@chengguo/common';
import { DisclosureAttachmentQuery } from '@chengguo/disclosure';
import { EVENT_STORE, EventStore, loadStream, RunCommand, WrongExpectedRevisionError } from '@chengguo/eventstore';
import { DomainRuleViolation } from '@chengguo/kernel';
import { Controller, Get, Inject, Logger, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBody, ApiConsumes, ApiOperation, ApiParam, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, RequestHandler, Response } from 'express';
import multer, { MulterError } from 'multer';
import { rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { attachmentCommands } from './commands/attachment.commands';
import { ATTACHMENT_DOWNLOAD_REFUSALS, ATTACHMENT_UPLOAD_REFUSALS, AttachmentDescription } from './commands/attachment.responses';
import {
  ALLOWED_ATTACHMENT_TYPES,
  attachmentDecider,
  AttachmentErrors,
  attachmentKey,
  attachmentStreamId,
  isAcceptableFileName,
  isAllowedAttachmentType,
} from './domain';
import { ATTACHMENT_LIMITS, AttachmentLimits } from './attachment-limits';
import { ATTACHMENT_STORAGE, AttachmentStorage } from './storage/attachment-storage.port';
import { StagedFile, StagingEngine } from './upload/staging-engine';
import { sniffContentType } from './upload/sniff-content-type';

/** Room for the multipart framing around the file when the declared length is checked up front. */
const MULTIPART_OVERHEAD = 64 * 1024;

const problemOf = (v: DomainRuleViolation): ProblemException => new ProblemException(v.status, v.code, v.detail, v.extensions);

/** RFC 6266 / 5987: an ASCII fallback and the exact UTF-8 name. */
function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const exact = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${exact}`;
}

/**
 * Attachments: uploads streamed to the attachment store (content-addressed, never held in memory),
 * recorded as AttachmentStored in the uploader's stream; downloads for the uploader and for whoever
 * may read a record listing the file. Everyone else gets 404, so existence is not revealed.
 */
@ApiTags('attachments')
@Controller()
export class AttachmentController {
  private readonly logger = new Logger('Attachments');
  private readonly receiveOne: RequestHandler;

  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(ATTACHMENT_STORAGE) private readonly storage: AttachmentStorage,
    @Inject(ATTACHMENT_LIMITS) private readonly limits: AttachmentLimits,
  ) {
    this.receiveOne = multer({
      storage: new StagingEngine(storage.stagingDirectory),
      limits: { fileSize: limits.maxBytes, files: 1, fields: 10, fieldSize: 10_000, parts: 12, headerPairs: 50 },
      defParamCharset: 'utf8',
    }).single('file');
  }

  @Post('attachments')
  @ApiOperation({ summary: 'Upload one file (multipart/form-data, field `file`); the same bytes again store nothing new' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiResponse({
    status: 201,
    type: AttachmentDescription,
    description: 'Stored (or already stored): its SHA-256, size, sniffed type and name',
  })
  @ApiProblems(ATTACHMENT_UPLOAD_REFUSALS)
  async upload(
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @CurrentActor() actor: RequestActor,
  ): Promise<AttachmentDescription> {
    const file = await this.receive(request, response);
    const staged = (file as unknown as { staged: StagedFile }).staged;
    let contentType: string;
    const name = file.originalname;
    try {
      const unstorable = unstorableTextReason(name);
      if (unstorable) throw unstorableTextProblem(unstorable, 'file name');
      if (!isAcceptableFileName(name)) throw problemOf(AttachmentErrors.invalidName());
      if (staged.sizeBytes === 0) throw problemOf(AttachmentErrors.empty());
      contentType = await sniffContentType(staged, name);
      if (!isAllowedAttachmentType(contentType))
        throw new ProblemException(415, 'ATTACHMENT_TYPE_NOT_ALLOWED', `Files of type ${contentType} cannot be attached.`, {
          contentType,
          allowed: ALLOWED_ATTACHMENT_TYPES,
        });
      await this.storage.commit(staged.path, staged.sha256, contentType);
    } finally {
      await rm(staged.path, { force: true }); // commit took it over, or the upload was refused: nothing stays staged
    }
    await this.record(staged.sha256, staged.sizeBytes, contentType, name, actor);
    response.status(201).setHeader('Location', `/attachments/${staged.sha256}`);
    return { sha256: staged.sha256, sizeBytes: staged.sizeBytes, contentType, name };
  }

  /** The multipart body, its one file streamed into staging; refusals before anything is kept. */
  private receive(request: Request, response: Response): Promise<Express.Multer.File> {
    if (!request.is('multipart/form-data'))
      throw new ProblemException(415, 'ATTACHMENT_MULTIPART_REQUIRED', 'Upload a file as multipart/form-data in the field `file`.');
    const declared = Number(request.headers['content-length']);
    if (Number.isFinite(declared) && declared > this.limits.maxBytes + MULTIPART_OVERHEAD) {
      response.setHeader('Connection', 'close'); // the rest of an oversized body is not read
      throw this.tooLarge();
    }
    return new Promise((resolve, reject) => {
      this.receiveOne(request, response, (error?: unknown) => {
        if (error) return reject(this.uploadProblem(error));
        if (!request.file) return reject(new ProblemException(422, 'ATTACHMENT_FILE_MISSING', 'The form has no file in the field `file`.'));
        resolve(request.file);
      });
    });
  }

  private tooLarge(): ProblemException {
    return new ProblemException(413, 'ATTACHMENT_TOO_LARGE', `An attachment is at most ${this.limits.maxBytes} bytes.`, {
      maxBytes: this.limits.maxBytes,
    });
  }

  private uploadProblem(error: unknown): unknown {
    if (error instanceof MulterError && error.code === 'LIMIT_FILE_SIZE') return this.tooLarge();
    if (error instanceof MulterError)
      return new ProblemException(422, 'ATTACHMENT_UPLOAD_INVALID', `The upload form is not acceptable (${error.code}).`, {
        reason: error.code,
      });
    // A file-system failure (disk full, permissions) is ours, not the client's.
    if ((error as NodeJS.ErrnoException)?.syscall) return error;
    // Unreadable framing is the multipart body's malformed syntax: 400, like a body that is not JSON.
    return new ProblemException(400, 'ATTACHMENT_MULTIPART_MALFORMED', 'The multipart body could not be read.');
  }

  /** AttachmentStored in the uploader's stream (nothing when the uploader stored these bytes before). */
  private async record(sha256: string, sizeBytes: number, contentType: string, name: string, actor: RequestActor): Promise<void> {
    const key = attachmentKey(sha256, actor.userId);
    const context = commandContext(actor, undefined);
    for (let attempt = 1; ; attempt++) {
      try {
        await this.commands.execute(
          new RunCommand(attachmentCommands, key, { type: 'StoreAttachment', sha256, sizeBytes, contentType, name }, context),
        );
        return;
      } catch (error) {
        // A concurrent upload of the same bytes by the same person recorded it first: decide again.
        if (!(error instanceof WrongExpectedRevisionError) || attempt >= 2) throw error;
      }
    }
  }

  @Get('attachments/:sha256')
  @ApiOperation({ summary: 'Download an attachment: its uploader, or whoever may read a disclosure listing it; 404 otherwise' })
  @ApiParam({ name: 'sha256', description: 'SHA-256 of the bytes, lower-case hex', schema: { type: 'string', pattern: SHA256_HEX.source } })
  @ApiProduces(...ALLOWED_ATTACHMENT_TYPES)
  @ApiResponse({
    status: 200,
    description: 'The bytes, with their sniffed Content-Type and a Content-Disposition file name',
    content: Object.fromEntries(ALLOWED_ATTACHMENT_TYPES.map((type) => [type, { schema: { type: 'string', format: 'binary' } }])),
  })
  @ApiProblems(ATTACHMENT_DOWNLOAD_REFUSALS)
  async download(@Param('sha256') sha256: string, @CurrentActor() actor: RequestActor, @Res() response: Response): Promise<void> {
    const notFound = () => new ProblemException(404, 'ATTACHMENT_NOT_FOUND', 'No such attachment, or it is not yours to read.');
    // A malformed id is an invalid request (422), like any other path id; it reveals nothing.
    if (!SHA256_HEX.test(sha256)) throw new ProblemException(422, 'VALIDATION_FAILED', 'sha256 is 64 lower-case hex digits.');
    const own = (await loadStream(this.store, attachmentStreamId(attachmentKey(sha256, actor.userId)), attachmentDecider)).state.stored;
    const described = own ?? (await this.queries.execute(new DisclosureAttachmentQuery(sha256, actor)));
    if (!described) throw notFound();
    const body = await this.storage.open(sha256);
    if (!body) {
      this.logger.error(`attachment ${sha256} is on record but its bytes are not in the store`);
      throw notFound();
    }
    response
      .status(200)
      .setHeader('Content-Type', described.contentType)
      .setHeader('Content-Disposition', contentDisposition(described.name))
      .setHeader('ETag', `"${sha256}"`)
      .setHeader('Cache-Control', 'private, no-cache')
      // Opened in a browser tab anyway, the file runs no script and loads nothing.
      .setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    await pipeline(body, response);
  }
}
