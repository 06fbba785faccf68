import { ApiProperty } from '@nestjs/swagger';

/** The answer to an accepted command: which stream, at which revision, with which events. */
export class CommandAccepted {
  @ApiProperty()
  streamId: string;

  @ApiProperty({ description: 'Stream revision after the command; send it as If-Match on the next one' })
  revision: number;

  @ApiProperty({ type: [String] })
  eventIds: string[];
}
