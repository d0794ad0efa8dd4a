import { highlightFragment, highlightTitle } from './highlight.js';

describe('highlights', () => {
  it('marks whole words that match, never half a word', () => {
    expect(highlightTitle('关于加强在建工程安全管理的通知', ['工程'])).toBe('关于加强<em>在建工程</em>安全管理的通知');
  });

  it('joins adjacent matching words in one mark', () => {
    expect(highlightTitle('养老服务补贴管理办法', ['养老', '服务'])).toBe('<em>养老服务</em>补贴管理办法');
  });

  it('escapes HTML in the text', () => {
    expect(highlightTitle('<b>养老</b> & 补贴', ['养老'])).toBe('&lt;b&gt;<em>养老</em>&lt;/b&gt; &amp; 补贴');
  });

  it('marks Latin terms whatever their case or width', () => {
    expect(highlightTitle('关于ＰＰＰ项目和ppp模式', ['ppp'])).toContain('<em>ＰＰＰ</em>');
  });

  it('cuts a body fragment between words around the first match, with ellipses where the body goes on', () => {
    const body =
      '第一条 为了规范管理，制定本办法。'.repeat(5) +
      '第二条 本市在建工程的安全监督管理适用本办法。' +
      '第三条 其他。'.repeat(20);
    const fragment = highlightFragment({ text: body, atStart: true, atEnd: true }, ['工程']);
    expect(fragment.startsWith('…')).toBe(true);
    expect(fragment.endsWith('…')).toBe(true);
    expect(fragment).toContain('<em>在建工程</em>');
    expect(fragment.replace(/<\/?em>|…/g, '').length).toBeLessThanOrEqual(100);
  });

  it('shows the beginning of the body when nothing in it matches', () => {
    expect(highlightFragment({ text: '第一条 总则。', atStart: true, atEnd: true }, ['养老'])).toBe('第一条 总则。');
  });
});
