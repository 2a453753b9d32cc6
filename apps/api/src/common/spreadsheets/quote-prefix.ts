import { createRequire } from 'node:module';

/**
 * Teaches exceljs the "quote prefix" cell style, which is how Excel itself marks a cell typed
 * as `'=1+1`: the text stays `=1+1`, shown and re-entered as text, never run as a formula.
 * exceljs (4.4) neither writes nor reads that attribute, so its two style classes are extended
 * here: a cell whose style has `quotePrefix: true` gets an `<xf quotePrefix="1">`. Importing
 * this module applies the extension once.
 */
const require = createRequire(import.meta.url);

interface XmlStream {
  openNode(name: string, attributes: Record<string, unknown>): void;
  addAttribute(name: string, value: unknown): void;
  closeNode(): void;
}
interface StyleModel {
  numFmtId?: number;
  fontId?: number;
  fillId?: number;
  borderId?: number;
  xfId?: number;
  alignment?: unknown;
  protection?: unknown;
  quotePrefix?: boolean;
}
interface StyleXformInstance {
  xfId: boolean;
  map: Record<'alignment' | 'protection', { render(stream: XmlStream, model: unknown): void }>;
}
interface StylesXformInstance {
  quotePrefixPending?: boolean;
}

const StyleXform = require('exceljs/lib/xlsx/xform/style/style-xform.js') as {
  prototype: { render(this: StyleXformInstance, stream: XmlStream, model: StyleModel): void };
};
const StylesXform = require('exceljs/lib/xlsx/xform/style/styles-xform.js') as {
  prototype: {
    addStyleModel(this: StylesXformInstance, model: StyleModel | undefined, type: unknown): number;
    _addStyle(this: StylesXformInstance, style: StyleModel): number;
  };
};

// Kept unbound on purpose: each is called below with the instance as `this`.
// eslint-disable-next-line @typescript-eslint/unbound-method
const addStyleModel = StylesXform.prototype.addStyleModel;
// eslint-disable-next-line @typescript-eslint/unbound-method
const addStyle = StylesXform.prototype._addStyle;

StylesXform.prototype.addStyleModel = function (model, type) {
  this.quotePrefixPending = model?.quotePrefix === true;
  try {
    return addStyleModel.call(this, model, type);
  } finally {
    this.quotePrefixPending = false;
  }
};

StylesXform.prototype._addStyle = function (style) {
  return addStyle.call(this, this.quotePrefixPending ? { ...style, quotePrefix: true } : style);
};

// The original render, plus the quotePrefix attribute (attributes must precede child nodes).
StyleXform.prototype.render = function (stream, model) {
  stream.openNode('xf', {
    numFmtId: model.numFmtId || 0,
    fontId: model.fontId || 0,
    fillId: model.fillId || 0,
    borderId: model.borderId || 0,
  });
  if (this.xfId) stream.addAttribute('xfId', model.xfId || 0);
  if (model.numFmtId) stream.addAttribute('applyNumberFormat', '1');
  if (model.fontId) stream.addAttribute('applyFont', '1');
  if (model.fillId) stream.addAttribute('applyFill', '1');
  if (model.borderId) stream.addAttribute('applyBorder', '1');
  if (model.alignment) stream.addAttribute('applyAlignment', '1');
  if (model.protection) stream.addAttribute('applyProtection', '1');
  if (model.quotePrefix) stream.addAttribute('quotePrefix', '1');
  if (model.alignment) this.map.alignment.render(stream, model.alignment);
  if (model.protection) this.map.protection.render(stream, model.protection);
  stream.closeNode();
};

/** The cell style that shows a value as text even if it starts like a formula. */
export const QUOTE_PREFIX_STYLE = { quotePrefix: true } as const;
