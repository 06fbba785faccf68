import { Query } from '@nestjs/cqrs';
import { SignOffRoundRow } from './sign-off-round.entity';

export class GetSignOffQuery extends Query<SignOffRoundRow | null> {
  constructor(
    readonly streamId: string,
    readonly signOffId: string,
  ) {
    super();
  }
}
