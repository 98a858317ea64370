/**
 * XML from outside is parsed with no DOCTYPE at all: a document that declares one (and with
 * it entities — external ones for XXE, nested ones for a billion-laughs bomb) is refused
 * before any parser sees it. The parsers then expand only XML's five predefined entities and
 * character references.
 */
export class XmlRefusedError extends Error {
  readonly messageZh: string;
  constructor(readonly reason: 'doctype') {
    super('XML documents with a DOCTYPE or entity declarations are refused (XXE and entity-expansion attacks).');
    this.messageZh = 'XML 文件含有 DOCTYPE 或实体声明，已拒绝（防止外部实体与实体膨胀攻击）。请删除 <!DOCTYPE …> 后重新导入。';
  }
}

export function refuseDoctype(xml: string): void {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new XmlRefusedError('doctype');
}
