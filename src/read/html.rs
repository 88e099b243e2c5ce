//! A saved web page: html5ever (through scraper) parses it as a browser would; this reader
//! finds the article in it and turns its blocks into paragraphs.
//!
//! - *The article*: WeChat's `#js_content`, else `<article>`, `[itemprop=articleBody]`,
//!   `<main>`, else the element whose own paragraphs hold the most text (as readability
//!   does). Scripts, styles, forms, navigation, share and comment widgets are dropped.
//! - *Metadata*: title from WeChat's `#activity-name`, `og:title` or `<title>`; author from
//!   `meta[name=author]`, WeChat's `#js_author_name` or the account `#js_name`; date from
//!   `article:published_time`, WeChat's `#publish_time` or its `ct` timestamp; the
//!   description; `<html lang>`.
//! - *Blocks*: headings (their level relative to the highest used), paragraphs (a `<br>`
//!   ends a line as in pasted text), block quotes, list items, `<hr>`, pictures (`src` or a
//!   lazy-loading `data-src`, the local one first) with `<figcaption>` as their caption; a
//!   bold run (`<strong>`, `<b>`, `font-weight: bold`) opening a paragraph marks a label;
//!   links are kept.
//!
//! Line numbers are those of the page's source: each element's start tag.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;

use ego_tree::NodeId;
use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::tree_builder::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::{Attribute, QualName};
use scraper::{ElementRef, Html, HtmlTreeSink, Node, Selector};

use super::front_matter::FrontMatter;
use super::{Format, Hint, Link, Para, Stream};
use crate::error::Warning;

pub fn read(text: &str) -> Stream {
    let (html, lines) = parse(text);
    let page = Page { html: &html, lines };
    let meta = page.metadata();
    let root = page.article_root();
    let mut walk = Walk::new(&page);
    walk.element(root, Context::default());
    walk.flush();
    let mut paras = walk.paras;
    relative_heading_levels(&mut paras, meta.title.as_deref());
    Stream {
        format: Format::Html,
        paras,
        warnings: walk.warnings,
        front_matter: Some(meta),
        embedded: Vec::new(),
    }
}

/// Parses like a browser, noting the source line of each element's start tag.
fn parse(text: &str) -> (Html, HashMap<NodeId, usize>) {
    let sink = LineSink {
        inner: HtmlTreeSink::new(Html::new_document()),
        line: RefCell::new(1),
        lines: RefCell::new(HashMap::new()),
    };
    html5ever::driver::parse_document(sink, Default::default()).one(text)
}

struct Page<'a> {
    html: &'a Html,
    lines: HashMap<NodeId, usize>,
}

fn selector(css: &str) -> Selector {
    Selector::parse(css).expect("the reader's selectors are valid CSS")
}

fn text_of(element: ElementRef<'_>) -> String {
    element
        .text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

impl<'a> Page<'a> {
    fn first(&self, css: &str) -> Option<ElementRef<'a>> {
        self.html.select(&selector(css)).next()
    }

    fn meta(&self, css: &str) -> Option<String> {
        let value = self.first(css)?.value().attr("content")?.trim();
        (!value.is_empty()).then(|| value.to_string())
    }

    fn text(&self, css: &str) -> Option<String> {
        let text = text_of(self.first(css)?);
        (!text.is_empty()).then_some(text)
    }

    fn metadata(&self) -> FrontMatter {
        let title = self
            .text("#activity-name")
            .or_else(|| self.meta("meta[property='og:title']"))
            .or_else(|| self.text("title"));
        let author = self
            .meta("meta[name='author']")
            .or_else(|| self.text("#js_author_name"))
            .or_else(|| self.text("#js_name"));
        let date = self
            .meta("meta[property='article:published_time']")
            .or_else(|| self.text("#publish_time"))
            .and_then(|d| day_of(&d))
            .or_else(|| self.wechat_timestamp());
        FrontMatter {
            title,
            subtitle: None,
            description: self
                .meta("meta[name='description']")
                .or_else(|| self.meta("meta[property='og:description']")),
            date,
            language: self
                .first("html")
                .and_then(|h| h.value().attr("lang"))
                .map(|l| l.trim().to_string())
                .filter(|l| !l.is_empty()),
            authors: author.into_iter().collect(),
            speakers: Vec::new(),
        }
    }

    /// WeChat writes the publication time as `var ct = "1714521600"` in a script; its day in
    /// China's time.
    fn wechat_timestamp(&self) -> Option<String> {
        for script in self.html.select(&selector("script")) {
            let code: String = script.text().collect();
            let Some(at) = code.find("var ct") else {
                continue;
            };
            let digits: String = code[at..]
                .chars()
                .skip_while(|c| !c.is_ascii_digit())
                .take_while(char::is_ascii_digit)
                .collect();
            let seconds: i64 = digits.parse().ok()?;
            let china = chrono::FixedOffset::east_opt(8 * 3600)?;
            let time = chrono::DateTime::from_timestamp(seconds, 0)?.with_timezone(&china);
            return Some(time.format("%Y-%m-%d").to_string());
        }
        None
    }

    fn article_root(&self) -> ElementRef<'a> {
        for css in ["#js_content", "article", "[itemprop='articleBody']", "main"] {
            if let Some(found) = self.first(css)
                && text_of(found).chars().count() > 40
            {
                return found;
            }
        }
        // The element whose own paragraphs hold the most text.
        let mut best: Option<(usize, ElementRef<'a>)> = None;
        for p in self.html.select(&selector("p")) {
            let Some(parent) = p.parent().and_then(ElementRef::wrap) else {
                continue;
            };
            let score: usize = parent
                .children()
                .filter_map(ElementRef::wrap)
                .filter(|c| c.value().name() == "p")
                .map(|c| text_of(c).chars().count())
                .sum();
            if best.is_none_or(|(s, _)| score > s) {
                best = Some((score, parent));
            }
        }
        best.map(|(_, e)| e)
            .or_else(|| self.first("body"))
            .unwrap_or_else(|| self.html.root_element())
    }

    fn line(&self, id: NodeId) -> Option<usize> {
        self.lines.get(&id).copied()
    }
}

/// `2024-05-01T08:00:00+08:00`, `2024-05-01 08:00`, `2024年5月1日` → `2024-05-01`.
fn day_of(text: &str) -> Option<String> {
    let digits: Vec<u32> = text
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .take(3)
        .filter_map(|s| s.parse().ok())
        .collect();
    let [year, month, day] = digits[..] else {
        return None;
    };
    chrono::NaiveDate::from_ymd_opt(year as i32, month, day).map(|d| d.to_string())
}

/// What the blocks around an element make of its text.
#[derive(Debug, Clone, Copy, Default)]
struct Context {
    quote: bool,
    caption: bool,
    bold: bool,
    /// Set small, grey or centred (a caption's look, under a picture).
    caption_look: bool,
}

struct Walk<'p, 'a> {
    page: &'p Page<'a>,
    paras: Vec<Para>,
    warnings: Vec<Warning>,
    /// The paragraph being gathered.
    text: String,
    line: usize,
    hint: Hint,
    opens_bold: bool,
    links: Vec<Link>,
    /// The source line of the element being read.
    at: usize,
    /// The paragraph being gathered looks like a caption.
    caption_look: bool,
}

/// Elements whose content is never the article's.
const DROPPED: &[&str] = &[
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "form",
    "button",
    "select",
    "textarea",
    "iframe",
    "svg",
    "canvas",
    "video",
    "audio",
    "object",
    "embed",
    "head",
    "input",
    "mpvoice",
    "mp-common-profile",
    "qqmusic",
];

/// Class or id words of widgets inside articles (share bars, comments, related posts).
const WIDGET_WORDS: &[&str] = &[
    "share",
    "social",
    "comment",
    "related",
    "subscribe",
    "newsletter",
    "advert",
    "sponsor",
    "breadcrumb",
    "toolbar",
    "qr_code",
    "reward",
    "sidebar",
];

/// Elements that start and end a paragraph of their own.
const BLOCKS: &[&str] = &[
    "p", "div", "section", "article", "main", "header", "footer", "aside", "address", "dl", "dt",
    "dd", "table", "thead", "tbody", "tfoot", "ul", "ol", "pre", "center", "body", "details",
    "summary", "caption",
];

impl<'p, 'a> Walk<'p, 'a> {
    fn new(page: &'p Page<'a>) -> Self {
        Walk {
            page,
            paras: Vec::new(),
            warnings: Vec::new(),
            text: String::new(),
            line: 1,
            hint: Hint::None,
            opens_bold: false,
            links: Vec::new(),
            at: 1,
            caption_look: false,
        }
    }

    fn element(&mut self, element: ElementRef<'a>, context: Context) {
        if let Some(line) = self.page.line(element.id()) {
            self.at = line;
        }
        let value = element.value();
        let name = value.name();
        if DROPPED.contains(&name) || is_widget(value) {
            return;
        }
        let mut context = context;
        match name {
            "br" => return self.flush(),
            "hr" => {
                self.flush();
                self.paras.push(Para::new(self.at, "***", Hint::Break));
                return;
            }
            "img" => return self.picture(element),
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.flush();
                self.hint = Hint::Heading(name[1..].parse().unwrap_or(2));
                self.children(element, context);
                self.flush();
                return;
            }
            "dt" => {
                self.flush();
                self.begin();
                self.hint = Hint::Term;
                self.children(element, context);
                self.flush();
                return;
            }
            "blockquote" => context.quote = true,
            "figcaption" => context.caption = true,
            "li" => {
                self.flush();
                let marker = match element.parent().and_then(ElementRef::wrap) {
                    Some(list) if list.value().name() == "ol" => {
                        let n = element
                            .prev_siblings()
                            .filter_map(ElementRef::wrap)
                            .filter(|e| e.value().name() == "li")
                            .count();
                        format!("{}. ", n + 1)
                    }
                    _ => "- ".to_string(),
                };
                self.begin();
                self.hint = Hint::ListItem;
                self.text.push_str(&marker);
                self.children(element, context);
                self.flush();
                return;
            }
            "strong" | "b" => context.bold = true,
            "tr" => {
                self.flush();
                let cells: Vec<String> = element
                    .children()
                    .filter_map(ElementRef::wrap)
                    .map(text_of)
                    .filter(|t| !t.is_empty())
                    .collect();
                if !cells.is_empty() {
                    self.paras
                        .push(Para::new(self.at, cells.join(" | "), Hint::None));
                }
                return;
            }
            "a" => {
                if let Some(href) = value.attr("href").map(str::trim)
                    && (href.starts_with("http") || href.starts_with("mailto:"))
                {
                    self.begin();
                    let start = self.text.len();
                    self.children(element, context);
                    let end = self.text.trim_end().len().max(start);
                    let words = &self.text[start..end];
                    let start = start + (words.len() - words.trim_start().len());
                    if end > start {
                        self.links.push(Link {
                            words: start..end,
                            url: href.to_string(),
                        });
                    }
                    return;
                }
            }
            _ => {}
        }
        if let Some(style) = value.attr("style") {
            let style = style.replace(' ', "").to_ascii_lowercase();
            if style.contains("font-weight:bold") || style.contains("font-weight:700") {
                context.bold = true;
            }
            if looks_like_caption(&style) {
                context.caption_look = true;
            }
        }
        let block = BLOCKS.contains(&name)
            || name == "blockquote"
            || name == "figcaption"
            || name == "figure";
        if block {
            self.flush();
        }
        self.children(element, context);
        if block {
            self.flush();
        }
    }

    fn children(&mut self, element: ElementRef<'a>, context: Context) {
        for child in element.children() {
            match child.value() {
                Node::Text(text) => self.push_text(text, context),
                Node::Element(_) => {
                    if let Some(e) = ElementRef::wrap(child) {
                        self.element(e, context);
                    }
                }
                _ => {}
            }
        }
    }

    /// Opens a paragraph at the current line, if none is open.
    fn begin(&mut self) {
        if self.text.is_empty() {
            self.line = self.at;
        }
    }

    fn push_text(&mut self, text: &str, context: Context) {
        // Whitespace collapses as a browser collapses it.
        let mut collapsed = String::new();
        let mut space = false;
        for c in text.chars() {
            if c.is_whitespace() && c != '\u{3000}' && c != '\u{A0}' {
                space = true;
            } else {
                if space && !collapsed.is_empty() {
                    collapsed.push(' ');
                }
                space = false;
                collapsed.push(c);
            }
        }
        if collapsed.is_empty() {
            if space && !self.text.is_empty() && !self.text.ends_with(' ') {
                self.text.push(' ');
            }
            return;
        }
        // A text that opens with a space (`</a>\nwhich`) keeps one before it, whether or not it
        // also ends with one.
        let leading = text
            .chars()
            .next()
            .is_some_and(|c| c.is_whitespace() && c != '\u{3000}' && c != '\u{A0}');
        if leading && !self.text.is_empty() && !self.text.ends_with(' ') {
            self.text.push(' ');
        }
        if self.text.trim().is_empty() {
            self.begin();
            if context.bold {
                self.opens_bold = true;
            }
            self.caption_look = context.caption_look;
            if context.quote && self.hint == Hint::None {
                self.hint = Hint::Quote;
            }
            if context.caption && self.hint == Hint::None {
                self.hint = Hint::Caption;
            }
        }
        self.text.push_str(&collapsed);
        if space && text.chars().last().is_some_and(char::is_whitespace) {
            self.text.push(' ');
        }
    }

    fn flush(&mut self) {
        let text = std::mem::take(&mut self.text);
        let hint = std::mem::take(&mut self.hint);
        let links = std::mem::take(&mut self.links);
        let opens_bold = std::mem::take(&mut self.opens_bold);
        let caption_look = std::mem::take(&mut self.caption_look);
        let trimmed = text.trim_end();
        let lead = trimmed.len() - trimmed.trim_start().len();
        let trimmed = trimmed.trim_start();
        if trimmed.is_empty()
            || (matches!(hint, Hint::ListItem)
                && trimmed.len() <= 3
                && trimmed.ends_with(['-', '.']))
        {
            return;
        }
        if !self.paras.is_empty() {
            self.paras.push(Para::new(self.line, "", Hint::None));
        }
        // A short paragraph set as a caption is set, right under a picture, is its caption.
        let under_picture = self
            .paras
            .iter()
            .rev()
            .find(|p| !p.text.is_empty())
            .is_some_and(|p| matches!(p.hint, Hint::Picture { .. }));
        let hint = if hint == Hint::None
            && caption_look
            && under_picture
            && !opens_bold
            && trimmed.chars().count() <= 80
        {
            Hint::Caption
        } else {
            hint
        };
        let mut para = Para::new(self.line, trimmed, hint);
        para.opens_bold = opens_bold;
        para.links = links
            .into_iter()
            .filter(|l| l.words.start >= lead && l.words.end <= lead + trimmed.len())
            .map(|l| Link {
                words: l.words.start - lead..l.words.end - lead,
                url: l.url,
            })
            .collect();
        self.paras.push(para);
    }

    fn picture(&mut self, element: ElementRef<'a>) {
        let value = element.value();
        let tiny = ["width", "height"].iter().any(|a| {
            value
                .attr(a)
                .and_then(|v| v.trim_end_matches("px").parse::<u32>().ok())
                .is_some_and(|n| n < 32)
        });
        let candidates: Vec<&str> = ["src", "data-src", "data-original", "data-lazy-src"]
            .iter()
            .filter_map(|a| value.attr(a))
            .map(str::trim)
            .filter(|s| !s.is_empty() && !s.starts_with("data:"))
            .collect();
        let local = candidates.iter().find(|s| !is_remote(s));
        let Some(&src) = local.or(candidates.first()) else {
            return;
        };
        if tiny {
            return;
        }
        self.flush();
        let alt = value.attr("alt").map(str::trim).unwrap_or("").to_string();
        let src = percent_encoding::percent_decode_str(src)
            .decode_utf8_lossy()
            .into_owned();
        if !self.paras.is_empty() {
            self.paras.push(Para::new(self.at, "", Hint::None));
        }
        let shown = if alt.is_empty() { src.clone() } else { alt };
        self.paras
            .push(Para::new(self.at, shown, Hint::Picture { src }));
    }
}

/// A style a caption is set in: a small size, a grey colour, centred.
fn looks_like_caption(style: &str) -> bool {
    let size = style.split(';').find_map(|d| {
        let px: f32 = d
            .strip_prefix("font-size:")?
            .strip_suffix("px")?
            .parse()
            .ok()?;
        Some(px)
    });
    let grey = [
        "color:#888",
        "color:#999",
        "color:#7f7f7f",
        "color:#a5a5a5",
        "color:gray",
        "color:grey",
        "color:rgb(136,136,136)",
        "color:rgb(153,153,153)",
    ]
    .iter()
    .any(|c| style.contains(c));
    size.is_some_and(|px| px <= 13.0) || grey || style.contains("text-align:center")
}

pub(crate) fn is_remote(src: &str) -> bool {
    let lower = src.to_ascii_lowercase();
    lower.starts_with("http:") || lower.starts_with("https:") || lower.starts_with("//")
}

fn is_widget(element: &scraper::node::Element) -> bool {
    if element
        .attr("role")
        .is_some_and(|r| r == "navigation" || r == "complementary")
    {
        return true;
    }
    if element.attr("aria-hidden") == Some("true") {
        return true;
    }
    let words = [element.attr("class"), element.attr("id")]
        .into_iter()
        .flatten()
        .flat_map(|v| v.split([' ', '-', '_']))
        .map(str::to_ascii_lowercase);
    let names: Vec<String> = words.collect();
    names.iter().any(|w| WIDGET_WORDS.contains(&w.as_str()))
}

/// The highest heading level the article uses becomes level 1; an `<h1>` that repeats the
/// title is the title.
fn relative_heading_levels(paras: &mut [Para], title: Option<&str>) {
    let top = paras
        .iter()
        .filter_map(|p| match p.hint {
            Hint::Heading(level) if Some(p.text.as_str()) != title => Some(level),
            _ => None,
        })
        .min()
        .unwrap_or(1);
    let mut seen_title = false;
    for para in paras.iter_mut() {
        if let Hint::Heading(level) = para.hint {
            if !seen_title && Some(para.text.as_str()) == title {
                para.hint = Hint::Title;
                seen_title = true;
            } else {
                para.hint = Hint::Heading((level + 1).saturating_sub(top).clamp(1, 3));
            }
        }
    }
}

/// scraper's tree sink, noting the line each element starts on.
struct LineSink {
    inner: HtmlTreeSink,
    line: RefCell<usize>,
    lines: RefCell<HashMap<NodeId, usize>>,
}

impl TreeSink for LineSink {
    type Output = (Html, HashMap<NodeId, usize>);
    type Handle = NodeId;
    type ElemName<'a> = <HtmlTreeSink as TreeSink>::ElemName<'a>;

    fn finish(self) -> Self::Output {
        (self.inner.finish(), self.lines.into_inner())
    }
    fn parse_error(&self, msg: Cow<'static, str>) {
        self.inner.parse_error(msg)
    }
    fn set_current_line(&self, line_number: u64) {
        *self.line.borrow_mut() = line_number as usize;
    }
    fn get_document(&self) -> NodeId {
        self.inner.get_document()
    }
    fn elem_name<'a>(&'a self, target: &'a NodeId) -> Self::ElemName<'a> {
        self.inner.elem_name(target)
    }
    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, flags: ElementFlags) -> NodeId {
        let id = self.inner.create_element(name, attrs, flags);
        self.lines.borrow_mut().insert(id, *self.line.borrow());
        id
    }
    fn create_comment(&self, text: StrTendril) -> NodeId {
        self.inner.create_comment(text)
    }
    fn create_pi(&self, target: StrTendril, data: StrTendril) -> NodeId {
        self.inner.create_pi(target, data)
    }
    fn append(&self, parent: &NodeId, child: NodeOrText<NodeId>) {
        self.inner.append(parent, child)
    }
    fn append_based_on_parent_node(
        &self,
        element: &NodeId,
        prev_element: &NodeId,
        child: NodeOrText<NodeId>,
    ) {
        self.inner
            .append_based_on_parent_node(element, prev_element, child)
    }
    fn append_doctype_to_document(
        &self,
        name: StrTendril,
        public_id: StrTendril,
        system_id: StrTendril,
    ) {
        self.inner
            .append_doctype_to_document(name, public_id, system_id)
    }
    fn get_template_contents(&self, target: &NodeId) -> NodeId {
        self.inner.get_template_contents(target)
    }
    fn same_node(&self, x: &NodeId, y: &NodeId) -> bool {
        x == y
    }
    fn set_quirks_mode(&self, mode: QuirksMode) {
        self.inner.set_quirks_mode(mode)
    }
    fn append_before_sibling(&self, sibling: &NodeId, new_node: NodeOrText<NodeId>) {
        self.inner.append_before_sibling(sibling, new_node)
    }
    fn add_attrs_if_missing(&self, target: &NodeId, attrs: Vec<Attribute>) {
        self.inner.add_attrs_if_missing(target, attrs)
    }
    fn remove_from_parent(&self, target: &NodeId) {
        self.inner.remove_from_parent(target)
    }
    fn reparent_children(&self, node: &NodeId, new_parent: &NodeId) {
        self.inner.reparent_children(node, new_parent)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const WECHAT: &str = r#"<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>Ignored tab title</title>
<meta name="author" content="张三">
<meta name="description" content="一次关于桥的访谈">
<script>var ct = "1714521600";</script>
</head><body>
<div id="js_top_ad_area">广告</div>
<h1 class="rich_media_title" id="activity-name"> 桥的一生 </h1>
<div class="rich_media_content" id="js_content" style="visibility: hidden;">
<section><p><strong>问：</strong>您第一次注意到桥是什么时候？</p>
<p><strong>答：</strong>小时候，在里斯本。<br>那时大桥一直在刷漆。</p>
<figure><img data-src="https://mmbiz.qpic.cn/x/640" src="./page_files/640.jpeg" alt="黄昏的大桥">
<figcaption>黄昏时的四月二十五日大桥</figcaption></figure>
<p style="text-align: center;"><img src="page_files/2.png"></p>
<p style="text-align: center;"><span style="font-size: 12px;color: #888888;">实验室里的模型</span></p>
<h2>后来</h2>
<blockquote><p>桥是写给河的信。</p></blockquote>
<ul><li>钢结构设计</li><li>焊缝疲劳</li></ul>
<p><span style="font-weight: bold;">问：</span>现在呢？ 见<a href="https://example.org/a">这篇</a>。</p>
</section></div>
<div class="rich_media_tool" id="js_share_area">分享 在看</div>
</body></html>"#;

    #[test]
    fn a_wechat_page_reads_to_its_article() {
        let stream = read(WECHAT);
        let meta = stream.front_matter.clone().unwrap();
        assert_eq!(meta.title.as_deref(), Some("桥的一生"));
        assert_eq!(meta.authors, ["张三"]);
        assert_eq!(meta.date.as_deref(), Some("2024-05-01"));
        assert_eq!(meta.language.as_deref(), Some("zh-CN"));
        let paras: Vec<(&str, &Hint, bool, usize)> = stream
            .paras
            .iter()
            .filter(|p| !p.text.is_empty())
            .map(|p| (p.text.as_str(), &p.hint, p.opens_bold, p.line))
            .collect();
        let picture = Hint::Picture {
            src: "./page_files/640.jpeg".into(),
        };
        let second = Hint::Picture {
            src: "page_files/2.png".into(),
        };
        assert_eq!(
            paras,
            [
                ("问：您第一次注意到桥是什么时候？", &Hint::None, true, 11),
                ("答：小时候，在里斯本。", &Hint::None, true, 12),
                ("那时大桥一直在刷漆。", &Hint::None, false, 12),
                ("黄昏的大桥", &picture, false, 13),
                ("黄昏时的四月二十五日大桥", &Hint::Caption, false, 14),
                ("page_files/2.png", &second, false, 15),
                ("实验室里的模型", &Hint::Caption, false, 16),
                ("后来", &Hint::Heading(1), false, 17),
                ("桥是写给河的信。", &Hint::Quote, false, 18),
                ("- 钢结构设计", &Hint::ListItem, false, 19),
                ("- 焊缝疲劳", &Hint::ListItem, false, 19),
                ("问：现在呢？ 见这篇。", &Hint::None, true, 20),
            ]
        );
        let last = stream.paras.last().unwrap();
        assert_eq!(&last.text[last.links[0].words.clone()], "这篇");
    }

    #[test]
    fn the_space_after_a_link_on_its_line_is_kept() {
        let page = "<html><body><p>a new feature called\n<a href=\"https://example.org\">QueueingHint</a>\nwhich aims to help (<a href=\"https://example.org/x\">extender</a>\nin the scheduler).</p></body></html>";
        let stream = read(page);
        let text = &stream
            .paras
            .iter()
            .find(|p| !p.text.is_empty())
            .unwrap()
            .text;
        assert_eq!(
            text,
            "a new feature called QueueingHint which aims to help (extender in the scheduler)."
        );
    }
}
