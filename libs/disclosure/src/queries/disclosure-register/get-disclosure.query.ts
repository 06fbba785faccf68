import { Query } from '@nestjs/cqrs';
import { DisclosureRegisterRow } from './disclosure-register.entity';

export class GetDisclosureQuery extends Query<DisclosureRegisterRow | null> {
  constructor(readonly disclosureId: string) {
    super();
  }
}
