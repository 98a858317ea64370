import mongoose from 'mongoose';
import { z } from 'zod';
import { problems } from './problem';

/** A document id as it appears in URLs and bodies: 24 hex characters. */
export const ObjectIdString = z.string().regex(/^[0-9a-f]{24}$/i, 'must be a 24-character hex id');

/** `{ id }` route parameters. */
export const IdParams = z.object({ id: ObjectIdString });

/** An id from a request; anything that is not a well-formed id is simply "not found". */
export function objectIdOr404(id: string, what: string): mongoose.Types.ObjectId {
  if (!/^[0-9a-f]{24}$/i.test(id)) throw problems.notFound(`No such ${what}.`);
  return new mongoose.Types.ObjectId(id);
}
