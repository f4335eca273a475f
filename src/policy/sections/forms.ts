/** The `forms` section: lead-capture forms with conditional fields and progressive profiling. */
import { z } from 'zod';
import { id } from '../schema-fields.js';

export const formsSchema = z
  .record(id, z.strictObject({}))
  .default({})
  .meta({ description: 'Lead-capture forms by id, served at /f/<id> and embeddable with a script tag' });

export type FormsPolicy = z.output<typeof formsSchema>;
