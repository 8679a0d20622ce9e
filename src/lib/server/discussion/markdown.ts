import MarkdownIt from 'markdown-it';

// Markdown-lite: paragraphs, line breaks, emphasis, links and lists only. Raw HTML is off, so
// anything typed as a tag is shown as text; markdown-it refuses javascript:/vbscript:/data: links.
const md = new MarkdownIt('zero', { html: false, linkify: true, breaks: true });
md.enable(['paragraph', 'newline', 'emphasis', 'link', 'linkify', 'list', 'escape', 'backticks']);

const defaultLinkOpen =
	md.renderer.rules.link_open ??
	((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));

// Links leave the site without passing on who sent them, and search engines are not invited.
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
	tokens[idx].attrSet('rel', 'nofollow noopener noreferrer');
	return defaultLinkOpen(tokens, idx, options, env, self);
};

/** Safe HTML for a comment body. */
export function renderComment(body: string): string {
	return md.render(body);
}
