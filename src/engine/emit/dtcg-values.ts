// A normalised value written back as a DTCG 2025.10 `$value` (theme.json): colors as color objects, lengths as
// `{value, unit}`, weights and numbers as JSON numbers, families as a list, composites as objects of those.
// Durations stay CSS strings, the one form Style Dictionary 5 reads (see ./json.ts).
import { toDtcgColor } from '../color.ts';
import type {
  BorderValue,
  GradientStop,
  ShadowLayer,
  StrokeStyleValue,
  TokenType,
  TokenValue,
  TransitionValue,
  TypographyValue,
} from '../types.ts';

/** Units a `{value, unit}` dimension may carry for the readers we target (DTCG's px and rem, and em, which Terrazzo and Style Dictionary take). */
const OBJECT_UNITS: ReadonlySet<string> = new Set(['px', 'rem', 'em']);

export function dtcgValue(type: TokenType, value: TokenValue): unknown {
  switch (type) {
    case 'color':
      return toDtcgColor(value as string) ?? value;
    case 'dimension':
      return dimension(value as string);
    case 'fontFamily':
      return fontFamily(value as string);
    case 'fontWeight':
    case 'number':
      return Number(value);
    case 'duration':
      return value;
    case 'cubicBezier':
      return cubicBezier(value as string);
    case 'shadow': {
      const layers = (value as ShadowLayer[]).map((layer) => ({
        color: dtcgValue('color', layer.color),
        offsetX: dimension(layer.offsetX),
        offsetY: dimension(layer.offsetY),
        blur: dimension(layer.blur),
        spread: dimension(layer.spread),
        ...(layer.inset && { inset: true }),
      }));
      return layers.length === 1 ? layers[0] : layers;
    }
    case 'typography': {
      const t = value as TypographyValue;
      return {
        fontFamily: fontFamily(t.fontFamily),
        fontSize: dimension(t.fontSize),
        ...(t.fontWeight !== undefined && { fontWeight: Number(t.fontWeight) }),
        ...(t.letterSpacing !== undefined && { letterSpacing: dimension(t.letterSpacing) }),
        ...(t.lineHeight !== undefined && {
          lineHeight: /^[+-]?[\d.]+(?:e[+-]?\d+)?$/i.test(t.lineHeight)
            ? Number(t.lineHeight)
            : dimension(t.lineHeight),
        }),
      };
    }
    case 'border': {
      const b = value as BorderValue;
      return { color: dtcgValue('color', b.color), width: dimension(b.width), style: strokeStyle(b.style) };
    }
    case 'transition': {
      const t = value as TransitionValue;
      return { duration: t.duration, delay: t.delay, timingFunction: cubicBezier(t.timingFunction) };
    }
    case 'gradient':
      return (value as GradientStop[]).map((stop) => ({
        color: dtcgValue('color', stop.color),
        position: stop.position,
      }));
    case 'strokeStyle':
      return strokeStyle(value as StrokeStyleValue);
  }
}

function dimension(css: string): unknown {
  const match = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?)([a-z%]+)$/i.exec(css);
  if (!match || !OBJECT_UNITS.has(match[2]!.toLowerCase())) return css;
  return { value: Number(match[1]), unit: match[2]!.toLowerCase() };
}

/** `"Inter", system-ui, sans-serif` → `["Inter", "system-ui", "sans-serif"]`; one family → a string. */
function fontFamily(css: string): string | string[] {
  const names = css.split(/,\s*/).map((name) => name.replace(/^"(.*)"$/, '$1'));
  return names.length === 1 ? names[0]! : names;
}

function cubicBezier(css: string): unknown {
  const match = /^cubic-bezier\((.*)\)$/.exec(css);
  return match ? match[1]!.split(',').map((n) => Number(n.trim())) : css;
}

function strokeStyle(style: StrokeStyleValue): unknown {
  return typeof style === 'string' ? style : { dashArray: style.dashArray.map(dimension), lineCap: style.lineCap };
}
