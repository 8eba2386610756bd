// Refinements and schemas for human-readable input of the admin API (names, titles, texts); what they
// refuse and why: text.ts.
import * as z from 'zod';
import { forbiddenCharacter } from './text';

const refuse = (lines: boolean) => (s: string, ctx: z.RefinementCtx) => {
  const c = forbiddenCharacter(s, { lines });
  if (c !== undefined) {
    ctx.addIssue({
      code: 'custom',
      message: `不能包含字符 ${c}（控制字符、双向文本控制符或不成对的代理项） (character ${c} is not allowed: control, bidi or lone surrogate)`,
    });
  }
};

/** Refinement for a one-line name or title (e.g. `z.string().max(20).superRefine(safeName)`). */
export const safeName = refuse(false);
/** Refinement for a text that may span lines: messages, replies, welcome texts. */
export const safeText = refuse(true);

/** A name or title: trimmed, 1..max characters, one line, no control or bidi characters, no lone surrogates. */
export const displayName = (max: number) => z.string().trim().min(1).max(max).superRefine(safeName);
