import { RecordedEvent } from '@chengguo/eventstore';
import { Projection } from '@chengguo/read-models';
import { EntityManager } from 'typeorm';
import { DisclosureEvent } from '../../domain/disclosure.events';
import { DisclosureRegisterRow } from './disclosure-register.entity';

export const disclosureRegisterProjection: Projection = {
  name: 'disclosure-register',
  eventTypes: ['DisclosureSubmitted', 'DisclosureAcknowledged', 'DisclosureAcknowledgementOverdue'],

  async apply(recorded: RecordedEvent, manager: EntityManager): Promise<void> {
    const event = { ...(recorded.data as object), type: recorded.type } as DisclosureEvent;
    const repository = manager.getRepository(DisclosureRegisterRow);
    const revision = String(recorded.revision);
    switch (event.type) {
      case 'DisclosureSubmitted':
        await repository.upsert(
          {
            disclosureId: event.disclosureId,
            title: event.title,
            technicalField: event.technicalField,
            submittedBy: event.submittedBy,
            inventors: event.inventors,
            status: 'submitted',
            submittedAt: new Date(event.submittedAt),
            acknowledgedAt: null,
            acknowledgementOverdueSince: null,
            revision,
          },
          ['disclosureId'],
        );
        return;
      case 'DisclosureAcknowledged':
        await repository.update(
          { disclosureId: event.disclosureId },
          { status: 'acknowledged', acknowledgedAt: new Date(event.acknowledgedAt), revision },
        );
        return;
      case 'DisclosureAcknowledgementOverdue':
        await repository.update(
          { disclosureId: event.disclosureId },
          { acknowledgementOverdueSince: new Date(event.dueAt), revision },
        );
        return;
    }
  },

  async reset(manager: EntityManager): Promise<void> {
    await manager.query('TRUNCATE read_models.disclosure_register');
  },
};
