import { PartyChoiceRequest } from '../party-choice.request';

/** Only a quorum round lets a party abstain. */
export class AbstainRequest extends PartyChoiceRequest {}
