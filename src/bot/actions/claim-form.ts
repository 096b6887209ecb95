import { z } from 'zod';
import { optionalText } from '../schemas';

/** The fields of the new-claim form (and of Edit claim, which omits program and currency). */
export const NewClaimData = z.object({
  program: optionalText(40),
  activity: optionalText(60),
  location: optionalText(10),
  period: optionalText(40),
  amount: optionalText(40),
  currency: optionalText(10),
  description: optionalText(2000),
});
