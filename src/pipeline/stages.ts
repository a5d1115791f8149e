/**
 * The pipeline, in order. This list is the one place that says which stages run and when; each
 * stage declares what it needs and adds, and the runner checks the order against those.
 */
import { cleanStage } from '../stages/01-clean/clean.ts';
import { segmentStage } from '../stages/02-segment/segment.ts';
import { fingerprintStage } from '../stages/03-fingerprint/fingerprint.ts';
import { actorsStage } from '../stages/04-actors/actors.ts';
import { datesStage } from '../stages/05-dates/dates.ts';
import { placesStage } from '../stages/06-places/places.ts';
import { eventsStage } from '../stages/08-events/events.ts';
import { quotesStage } from '../stages/07-quotes/quotes.ts';
import type { Stage } from './stage.ts';

export const STAGES: readonly Stage<any>[] = [cleanStage, segmentStage, fingerprintStage, actorsStage, datesStage, placesStage, quotesStage, eventsStage];
