// The block layout of theme.css and of the Tailwind file, shared by the Style Dictionary formats
// (which produce the declaration lines with SD's property formatter) and the SD-free overlay.

export const ROOT_SELECTOR = ':root';
export const DARK_SELECTOR = '[data-theme="dark"]';
export const DARK_MEDIA = '@media (prefers-color-scheme: dark)';
export const DARK_MEDIA_SELECTOR = ':root:not([data-theme="light"])';

export const INDENT = '  ';

export interface CssBlockLines {
  /** Declaration lines for `:root`, indented once. */
  root: string[];
  /** Declaration lines for `[data-theme="dark"]`, indented once. */
  dark: string[];
  /** The dark declarations again, indented twice (inside the media block). */
  media: string[];
}

/**
 * Light values in `:root`, dark values in `[data-theme="dark"]` and, for visitors whose system is dark
 * and who did not pick light, in the media block. `keepEmpty` writes all three blocks even when empty
 * (the base always has them; an overlay only writes the blocks it changes).
 */
export function renderCssBlocks(lines: CssBlockLines, keepEmpty: boolean): string {
  const blocks: string[] = [];
  if (keepEmpty || lines.root.length) blocks.push(block(ROOT_SELECTOR, lines.root, ''));
  if (keepEmpty || lines.dark.length) blocks.push(block(DARK_SELECTOR, lines.dark, ''));
  if (keepEmpty || lines.media.length) {
    blocks.push(`${DARK_MEDIA} {\n${block(DARK_MEDIA_SELECTOR, lines.media, INDENT)}}\n`);
  }
  return blocks.join('\n');
}

export function renderTailwindTheme(lines: string[], keepEmpty: boolean): string {
  return keepEmpty || lines.length ? block('@theme inline', lines, '') : '';
}

function block(selector: string, lines: string[], indent: string): string {
  return `${indent}${selector} {\n${lines.map((line) => `${line}\n`).join('')}${indent}}\n`;
}

/** One declaration line, in exactly the shape Style Dictionary's css property formatter writes. */
export function declarationLine(name: string, value: string, indent: string): string {
  return `${indent}${name}: ${value};`;
}
