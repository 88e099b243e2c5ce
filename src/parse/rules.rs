//! The one-sentence rules that recognise a line's kind from its own text. Which rule wins is
//! decided in `parse/mod.rs`; the rules themselves are listed in its module documentation.

use crate::zh;

/// Longest heading, in characters.
const MAX_HEADING_CHARS: usize = 30;
/// Longest dash-bulleted line that can be page chrome.
const MAX_CHROME_CHARS: usize = 20;
/// Longest caption that does not end in a quotation.
const MAX_CAPTION_CHARS: usize = 60;

/// Whole lines that are widgets of the page the text was copied from (WeChat's font-size,
/// share and follow buttons), compared after removing a leading bullet and spaces.
const WIDGET_LINES: &[&str] = &[
    "Permalink",
    "A+",
    "A-",
    "阅读原文",
    "轻触阅读原文",
    "在看",
    "点赞",
    "分享",
    "收藏",
    "写留言",
    "留言",
    "赞",
    "微信扫一扫",
    "微信扫一扫关注该公众号",
    "扫一扫",
    "关注该公众号",
    "预览时标签不可点",
    "继续滑动看下一个",
    "向上滑动看下一个",
    "知道了",
    "喜欢此内容的人还喜欢",
    "听全文",
    "Scan to Follow",
    "Got It",
];

/// Phrases that make a short line page chrome wherever they appear.
const WIDGET_PHRASES: &[&str] = &[
    "扫一扫",
    "长按识别",
    "长按二维码",
    "点击上方",
    "点击关注",
    "轻点两下取消",
    "视频小程序",
];

/// Bullets a pasted page may put before a line.
fn strip_bullet(text: &str) -> Option<&str> {
    ["- ", "• ", "· ", "* ", "-\u{3000}"]
        .iter()
        .find_map(|b| text.strip_prefix(b))
        .map(zh::trim_edges)
}

/// Counters that widgets show before or after their word (`赞 86`, `1,024 人赞同了该回答`).
const COUNTED_WIDGETS: &[&str] = &[
    "阅读",
    "阅读数",
    "阅读量",
    "浏览",
    "赞",
    "点赞",
    "在看",
    "赞同",
    "人赞同",
    "人赞同了该回答",
    "条评论",
    "评论",
    "转发",
    "收藏",
    "分享",
    "喜欢",
    "Likes",
    "Comments",
    "Shares",
];

/// Widget lines of Zhihu, Weibo and news sites.
const SITE_WIDGETS: &[&str] = &[
    "展开阅读全文",
    "展开全文",
    "收起全文",
    "收起",
    "举报",
    "喜欢",
    "关注",
    "已关注",
    "+关注",
    "+ 关注",
    "Share",
    "Save",
    "Follow",
    "Subscribe",
    "Advertisement",
];

/// A known widget line, possibly with its counter (`赞 86`, `阅读 1.2万`), or a short line
/// with a widget phrase (`- 这是我的微信扫一扫`).
pub fn is_widget(text: &str) -> bool {
    let visible: String = text
        .chars()
        .filter(|c| !zh::is_edge_space(*c) || *c == ' ')
        .collect();
    let bare = strip_bullet(&visible).unwrap_or(&visible).trim();
    let counter = |c: char| c.is_ascii_digit() || c.is_whitespace() || ".,万千kKwW+".contains(c);
    // Icon fonts leave a stray letter next to the words (`收起全文d`).
    let bare = bare
        .strip_suffix(|c: char| c.is_ascii_lowercase())
        .filter(|b| b.chars().any(zh::is_han) && !b.chars().any(|c| c.is_ascii_alphabetic()))
        .unwrap_or(bare);
    let without_count = bare.trim_matches(counter);
    let counted = without_count.len() < bare.len();
    WIDGET_LINES
        .iter()
        .chain(SITE_WIDGETS)
        .any(|w| w.eq_ignore_ascii_case(bare))
        || (counted
            && COUNTED_WIDGETS
                .iter()
                .any(|w| w.eq_ignore_ascii_case(without_count)))
        || (bare.chars().count() <= MAX_CHROME_CHARS * 2
            && WIDGET_PHRASES.iter().any(|p| bare.contains(p)))
}

/// A blog's list of tags or categories under its title (`Tags: fsf gcc`, `标签：访谈`): page
/// furniture, words for the site's index rather than the article's.
pub fn is_tag_line(text: &str) -> bool {
    const LEADS: &[&str] = &[
        "tags",
        "tagged",
        "filed under",
        "categories",
        "category",
        "topics",
        "标签",
        "分类",
    ];
    let Some((lead, rest)) = text.split_once([':', '：']) else {
        return false;
    };
    let words = rest
        .split([' ', ',', '，', '、', '\u{3000}'])
        .filter(|w| !w.is_empty());
    LEADS.contains(&lead.trim().to_lowercase().as_str())
        && text.chars().count() <= 120
        && !rest.contains(['。', '!', '?', '！', '？'])
        && !rest.contains(". ")
        && !rest.trim_end().ends_with('.')
        && words.count() >= 1
}

/// A licence statement (`This work is licensed under a Creative Commons…`, `本文采用知识共享…
/// 许可协议`): the article's terms, body text that ends any turn.
pub fn is_licence_line(text: &str) -> bool {
    let lower = text.to_lowercase();
    let english = (lower.starts_with("this work is licensed")
        || lower.starts_with("this article is licensed")
        || lower.starts_with("this work is licenced")
        || lower.starts_with("licensed under")
        || lower.starts_with("content is available under"))
        && text.chars().count() <= 300;
    let chinese =
        (text.contains("知识共享") || text.contains("许可协议") || text.contains("授權條款"))
            && (text.starts_with("本文") || text.starts_with("本作品") || text.starts_with("本站"))
            && text.chars().count() <= 150;
    english || chinese
}

/// The one-word title of a licence box (`License`, `版权声明`) over a licence statement.
pub fn is_licence_title(text: &str) -> bool {
    matches!(
        text.trim_end_matches([':', '：']).to_lowercase().as_str(),
        "license" | "licence" | "copyright" | "版权声明" | "许可协议" | "授權條款" | "版權聲明"
    )
}

/// A post's date line: `原创 作者 公众号 2024-03-18 09:12 发表于浙江`, `发布于 2024-05-01 12:00・IP
/// 属地上海`, `2024-04-18 17:05 来源：澎湃新闻`, `Sun 2 Mar 2025 09.00 GMT`.
pub fn is_post_header(text: &str) -> bool {
    let is_date = |w: &str| {
        let b = w.as_bytes();
        b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && w.replace('-', "").chars().all(|c| c.is_ascii_digit())
    };
    let is_clock = |w: &str| {
        let w = w.trim_end_matches(|c: char| !c.is_ascii_digit());
        w.len() == 5
            && (w.as_bytes()[2] == b':' || w.as_bytes()[2] == b'.')
            && w[..2]
                .chars()
                .chain(w[3..].chars())
                .all(|c| c.is_ascii_digit())
    };
    let words: Vec<&str> = text.split_whitespace().collect();
    let dated = words.iter().any(|w| is_date(w));
    let timed = words.iter().any(|w| is_clock(w));
    let short = text.chars().count() <= 80;
    let weekday = ["Mon ", "Tue ", "Wed ", "Thu ", "Fri ", "Sat ", "Sun "]
        .iter()
        .any(|d| text.starts_with(d));
    short
        && ((text.starts_with("原创") && (dated || timed))
            || text.contains("发表于")
            || ((text.starts_with("发布于") || text.starts_with("编辑于")) && (dated || timed))
            || text.contains("IP 属地")
            || text.contains("IP属地")
            || (text.starts_with("来自") && (text.contains("微博") || text.contains("已编辑")))
            || (dated && timed && words.len() <= 6)
            || (weekday
                && timed
                && (text.ends_with("GMT") || text.ends_with("BST") || text.ends_with("UTC"))))
}

/// A list item's marker and the text after it: `- 钢结构设计`, `* item`, `1. First`, `2) then`.
pub fn list_marker(text: &str) -> Option<(&str, &str)> {
    let (marker, rest) = text.split_once(char::is_whitespace)?;
    let bullet = matches!(marker, "-" | "*" | "+" | "•" | "·" | "‧" | "・" | "–");
    let number = marker
        .strip_suffix(['.', ')'])
        .is_some_and(|n| !n.is_empty() && n.len() <= 3 && n.chars().all(|c| c.is_ascii_digit()));
    let rest = rest.trim_start();
    ((bullet || number) && !rest.is_empty()).then_some((marker, rest))
}

/// A byline: `By Daniel Okoro`, `记者 刘畅`, `文｜张三`, `作者：李四`.
pub fn is_byline(text: &str) -> bool {
    const LEADS: &[&str] = &[
        "By ",
        "by ",
        "BY ",
        "文|",
        "文 |",
        "文｜",
        "文丨",
        "文/",
        "文 / ",
        "文／",
        "文 ／ ",
        "Interview by ",
        "Words by ",
        "Text by ",
        "本刊记者",
        "本报记者",
        "特约记者",
        "记者 ",
        "作者 ",
        "作者：",
        "作者:",
        "撰文",
        "采写",
        "采访 ",
        "采访：",
        "口述",
        "整理 ",
        "整理：",
        "编译 ",
        "编译：",
        "翻译 ",
        "翻译：",
        "编辑 ",
        "编辑：",
        "编辑:",
        "责编",
        "责任编辑",
        "摄影 ",
        "摄影：",
        "来源：",
        "来源:",
        "出品",
        "策划",
        "监制",
    ];
    text.chars().count() <= 40 && LEADS.iter().any(|l| text.starts_with(l))
}

/// A line that marks the end of the article: `（完）`, `-END-`, `全文完`.
pub fn is_end_mark(text: &str) -> bool {
    let bare: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && !"-—–_=*·•()（）【】[]<>《》".contains(*c))
        .collect();
    let bare = bare.to_lowercase();
    // `END 2:05 P.M. EST`, `END 14:05`: a transcript's end and its time.
    let timed_end = bare.strip_prefix("end").is_some_and(|t| {
        t.starts_with(|c: char| c.is_ascii_digit())
            && t.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, ':' | '.'))
    });
    timed_end
        || matches!(
            bare.as_str(),
            "完" | "全文完" | "end" | "the end" | "theend" | "结束" | "本文完"
        )
        || stage_direction(text).is_some_and(|d| d == StageDirection::End)
}

/// What a line wholly in brackets tells of the event, when it tells its course.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StageDirection {
    /// `(Commercial break begins.)`, `（广告）`: a pause between parts.
    Pause,
    /// `(The briefing was concluded at 2:19 p.m.)`, `(Whereupon, the hearing adjourned.)`.
    End,
}

/// A bracketed line that reports a pause or the end of the event (not `(Laughter.)`, which is
/// part of a turn).
pub fn stage_direction(text: &str) -> Option<StageDirection> {
    let inner = text
        .strip_prefix(['(', '（', '['])
        .and_then(|t| t.strip_suffix([')', '）', ']']))?;
    if inner.contains(['(', '（', ')', '）']) || inner.chars().count() > 80 {
        return None;
    }
    let lower = inner.to_lowercase();
    const PAUSES: &[&str] = &[
        "break begins",
        "break concludes",
        "break ends",
        "commercial break",
        "recess",
        "广告",
        "廣告",
        "插播",
        "中场休息",
        "中場休息",
    ];
    const ENDS: &[&str] = &[
        "concluded at",
        "adjourned",
        "was concluded",
        "ended at",
        "记者会结束",
        "記者會結束",
    ];
    if ENDS.iter().any(|w| lower.contains(w)) {
        Some(StageDirection::End)
    } else if PAUSES.iter().any(|w| lower.contains(w)) {
        Some(StageDirection::Pause)
    } else {
        None
    }
}

/// The inside of a short line wholly in one pair of brackets (`(Cross-talk.)`, `[inaudible]`,
/// `（視訊者：…）`), or `None`.
pub fn bracketed(text: &str) -> Option<&str> {
    let inner = [('(', ')'), ('（', '）'), ('[', ']'), ('【', '】')]
        .iter()
        .find_map(|(open, close)| text.strip_prefix(*open)?.strip_suffix(*close))?;
    let nested = inner.contains(['(', ')', '（', '）', '[', ']', '【', '】']);
    (!nested && !inner.trim().is_empty() && inner.chars().count() <= 120).then_some(inner)
}

/// A time alone on its line: `1:29 P.M. EDT`, `14:05`, the clock of a transcript's start or end.
pub fn is_bare_time(text: &str) -> bool {
    let mut words = text.split_whitespace();
    let Some(clock) = words.next() else {
        return false;
    };
    let rest: Vec<String> = words.map(|w| w.to_lowercase().replace('.', "")).collect();
    let meridiem = |w: &str| matches!(w, "am" | "pm");
    let zone = |w: &str| (2..=4).contains(&w.len()) && w.chars().all(|c| c.is_ascii_alphabetic());
    super::labels::is_timestamp(clock)
        && rest.len() <= 2
        && rest
            .iter()
            .enumerate()
            .all(|(i, w)| (i == 0 && meridiem(w)) || zone(w))
}

pub use crate::read::text::is_page_number;

/// `# Title`: a Markdown heading mark before a line, as copied from a notes file.
pub fn strip_hash_mark(text: &str) -> Option<&str> {
    let rest = text.trim_start_matches('#');
    let hashes = text.len() - rest.len();
    ((1..=3).contains(&hashes) && rest.starts_with(' '))
        .then(|| rest.trim_start())
        .filter(|r| !r.is_empty())
}

/// A separator line: only dashes, stars, bullets or ornaments (`——`, `***`, `◆◆◆`, `* * *`).
pub fn is_separator(text: &str) -> bool {
    let marks: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    (2..=30).contains(&marks.len())
        && marks
            .iter()
            .all(|c| "—–-_=*＊·•◆◇■□●○★☆~～#…⁂❖".contains(*c))
}

/// Could be a title: at most 50 Chinese characters or 100 Latin ones, not a sentence (no
/// full stop at the end).
pub fn title_shaped(text: &str) -> bool {
    let width: usize = text
        .chars()
        .map(|c| if zh::is_cjk(c) { 2 } else { 1 })
        .sum();
    // Government and magazine titles in Latin letters run long (`Remarks by President Biden
    // in Roundtable with … Moderated by …`).
    let latin_only = !text.chars().any(zh::is_cjk);
    (2..=if latin_only { 160 } else { 100 }).contains(&width)
        && !text.ends_with(['。', '.', '；', ';', '，', ','])
        && !text.contains("http")
        && text.chars().any(|c| zh::is_han(c) || c.is_alphabetic())
}

/// A title in headline capitals, Latin letters only (`Open Hardware Foundation`, `Traversal
/// Technology, LLC`): every word of four letters or more starts with a capital, and at least
/// `min_words` words do; no sentence end.
pub fn headline_case(text: &str, min_words: usize) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    let capitalised = words
        .iter()
        .filter(|w| w.starts_with(|c: char| c.is_uppercase()))
        .count();
    !text.chars().any(zh::is_cjk)
        && (1..=8).contains(&words.len())
        && capitalised >= min_words
        && words.iter().all(|w| {
            let letters = w.chars().filter(|c| c.is_alphabetic()).count();
            letters < 4 || !w.starts_with(|c: char| c.is_lowercase())
        })
        && !text.ends_with(['.', '?', '!', ':', ';', ','])
        && text.chars().any(char::is_alphabetic)
}

/// A counter with at most two signs or icon letters (`ñ1021`, `👍 86`): chrome when it stands
/// among the page chrome at either end of the text.
pub fn is_counter(text: &str) -> bool {
    let digits = text.chars().filter(char::is_ascii_digit).count();
    let others = text
        .chars()
        .filter(|c| !c.is_ascii_digit() && !c.is_whitespace() && !".,万千kK+".contains(*c))
        .count();
    digits > 0 && others <= 2 && text.chars().count() <= 12
}

/// A short dash-bulleted line with no prose punctuation (`- 我的微信`): page chrome when it
/// stands at the very start or end of the text, suspicious elsewhere.
pub fn is_bullet_fragment(text: &str) -> bool {
    strip_bullet(text).is_some_and(|bare| {
        !bare.is_empty()
            && bare.chars().count() <= MAX_CHROME_CHARS
            && !bare.chars().any(zh::is_prose_punct)
    })
}

/// A link found on a line of its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub marker: Option<String>,
    pub title: Option<String>,
    pub url: String,
}

/// A link line: an optional list marker and short title, then a URL ending the line.
pub fn reference(text: &str) -> Option<Link> {
    let bare = strip_list_marker(text);
    let marker = zh::trim_edges(&text[..text.len() - bare.len()]);
    let start = ["https://", "http://", "www."]
        .iter()
        .filter_map(|p| bare.find(p))
        .min()?;
    let url = &bare[start..];
    if url.chars().any(char::is_whitespace) || url.len() < 8 {
        return None;
    }
    // The title keeps everything but spaces and the colon before the link.
    let before = bare[..start]
        .trim_end_matches(|c: char| zh::is_edge_space(c) || c == ':' || c == '：')
        .trim();
    if before.chars().count() > 80 {
        return None;
    }
    Some(Link {
        marker: (!marker.is_empty()).then(|| marker.to_string()),
        title: (!before.is_empty()).then(|| before.to_string()),
        url: url.to_string(),
    })
}

fn strip_list_marker(text: &str) -> &str {
    let t = strip_bullet(text).unwrap_or(text);
    // [1] / 1. / 1、 / (1)
    let digits_end = |s: &str| s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    if let Some(inner) = t.strip_prefix('[') {
        let d = digits_end(inner);
        if d > 0 && inner[d..].starts_with(']') {
            return zh::trim_edges(&inner[d + 1..]);
        }
    }
    let d = digits_end(t);
    if d > 0 && d <= 3 {
        for sep in [". ", "、", "．"] {
            if let Some(rest) = t[d..].strip_prefix(sep) {
                return zh::trim_edges(rest);
            }
        }
    }
    t
}

/// Text that could be a heading: short, no prose punctuation inside (a question or
/// exclamation mark may end it), not quoted or bracketed, and with letters in it.
/// Length in Chinese characters, a Latin letter or digit counting a half.
pub fn han_width(text: &str) -> usize {
    let halves: usize = text
        .chars()
        .map(|c| {
            if c.is_ascii() || zh::is_latin_or_digit(c) {
                1
            } else {
                2
            }
        })
        .sum();
    halves.div_ceil(2)
}

fn heading_shaped(text: &str) -> bool {
    if text.chars().count() < 2 || han_width(text) > MAX_HEADING_CHARS {
        return false;
    }
    let body = text.trim_end_matches(['？', '?', '！', '!']);
    if body.len() != text.len() && body.chars().count() < 5 {
        return false;
    }
    let first = text.chars().next().unwrap_or(' ');
    !body.chars().any(|c| zh::is_prose_punct(c) || c == '.')
        && body.chars().any(|c| zh::is_han(c) || c.is_alphabetic())
        && zh::closing_quote_for(first).is_none()
        && !"（(【[《<-—*•·".contains(first)
        && !text.contains("http")
}

/// A numbered heading: `01 前言`, `1. 前言`, `一、前言`, `第一章 前言`, `Part 2 Art`.
/// Returns the number as written and the heading text.
pub fn numbered_heading(text: &str) -> Option<(String, String)> {
    let (number, rest) = split_heading_number(text)?;
    let rest = zh::trim_edges(rest);
    let starts_with_digit = rest.chars().next().is_some_and(|c| c.is_ascii_digit());
    (heading_shaped(rest) && !starts_with_digit).then(|| (number.to_string(), rest.to_string()))
}

fn split_heading_number(text: &str) -> Option<(&str, &str)> {
    const CN_DIGITS: &str = "一二三四五六七八九十〇零";
    let end_of = |pred: &dyn Fn(char) -> bool| text.find(|c: char| !pred(c)).unwrap_or(text.len());
    // 第…章/节/部分/篇/回/讲
    if let Some(inner) = text.strip_prefix('第') {
        let n = inner
            .find(|c: char| !(c.is_ascii_digit() || CN_DIGITS.contains(c)))
            .unwrap_or(inner.len());
        let tail = &inner[n..];
        for unit in [
            "部分", "章", "节", "節", "篇", "回", "讲", "講", "部", "题", "題",
        ] {
            if n > 0 && tail.starts_with(unit) {
                let len = '第'.len_utf8() + n + unit.len();
                let rest = text[len..].trim_start_matches([' ', '\u{3000}', '：', ':', '、', '.']);
                return Some((&text[..len], rest));
            }
        }
        return None;
    }
    for prefix in ["Part ", "PART ", "Chapter ", "CHAPTER "] {
        if let Some(inner) = text.strip_prefix(prefix) {
            let d = inner
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(inner.len());
            if d > 0 {
                let len = prefix.len() + d;
                let rest = text[len..].trim_start_matches([' ', ':', '.', '：']);
                return Some((&text[..len], rest));
            }
        }
    }
    let digits = end_of(&|c| c.is_ascii_digit());
    if (1..=2).contains(&digits) {
        let rest = &text[digits..];
        let sep = rest.chars().next()?;
        if sep.is_whitespace() || ".、．".contains(sep) {
            let rest = rest.trim_start_matches(|c: char| c.is_whitespace() || ".、．".contains(c));
            return Some((&text[..digits], rest));
        }
        // `1- Meet the Humans`, `2) Why`: a dash or bracket, then a space (not `1-2`); the
        // mark stays with the number, as the author wrote it.
        let with_mark = digits + sep.len_utf8();
        if "-)）".contains(sep) && text[with_mark..].starts_with(char::is_whitespace) {
            return Some((&text[..with_mark], text[with_mark..].trim_start()));
        }
        return None;
    }
    let cn = end_of(&|c| CN_DIGITS.contains(c));
    if cn > 0 && text[..cn].chars().count() <= 3 {
        let rest = &text[cn..];
        if rest.starts_with('、') || rest.starts_with('．') {
            return Some((&text[..cn], &rest[3..]));
        }
    }
    None
}

/// A numbered line that may head a section though its title is long or has commas
/// (`03  为什么长上下文这么贵，推理时又该怎么省`): taken as a heading only with evidence from
/// around it (a turn follows, or the numbers run in sequence). Returns number and title.
pub fn numbered_line(text: &str) -> Option<(u32, String, String)> {
    let (number, rest) = split_heading_number(text)?;
    let rest = zh::trim_edges(rest);
    let value = number_value(number)?;
    let fits = !rest.is_empty()
        && han_width(rest) <= 2 * MAX_HEADING_CHARS
        && !rest.ends_with(['。', '.', '；', ';', '，', ',', '：', ':'])
        && !rest.starts_with(|c: char| c.is_ascii_digit());
    fits.then(|| (value, number.to_string(), rest.to_string()))
}

/// `03` → 3, `第十二章` → 12, `三` → 3.
fn number_value(number: &str) -> Option<u32> {
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    if !digits.is_empty() {
        return digits.parse().ok();
    }
    let mut value = 0;
    let mut current = 0;
    for c in number.chars() {
        let d = "〇一二三四五六七八九".find(c).map(|i| (i / 3) as u32);
        match (c, d) {
            ('零', _) => {}
            ('十', _) => {
                value += current.max(1) * 10;
                current = 0;
            }
            (_, Some(d)) => current = d,
            _ => {}
        }
    }
    let v = value + current;
    (v > 0).then_some(v)
}

/// An unnumbered heading: a short line shaped like a title.
pub fn plain_heading(text: &str) -> bool {
    heading_shaped(text)
}

/// A standalone quotation: the line opens with a quotation mark whose closer is the line's
/// last character.
pub fn pull_quote(text: &str) -> bool {
    let mut chars = text.chars();
    let Some(open) = chars.next() else {
        return false;
    };
    // Straight single quotes ('I don't trust…'): every quote inside is an apostrophe.
    if open == '\'' {
        let inner: Vec<char> = chars.collect();
        let Some((&'\'', body)) = inner.split_last() else {
            return false;
        };
        let letter = |k: usize| body.get(k).is_some_and(|c| c.is_alphabetic());
        return body.len() >= 5
            && body
                .iter()
                .enumerate()
                .all(|(k, &c)| c != '\'' || k > 0 && letter(k - 1) && letter(k + 1));
    }
    let Some(close) = zh::closing_quote_for(open) else {
        return false;
    };
    if text.chars().count() < 6 || !text.ends_with(close) {
        return false;
    }
    // The opening quote must close only at the very end (not “A”和“B”).
    let mut depth = 1usize;
    let body: Vec<char> = chars.collect();
    for (i, &c) in body.iter().enumerate() {
        if open != close && c == open {
            depth += 1;
        } else if c == close {
            depth -= 1;
            if depth == 0 {
                return i == body.len() - 1;
            }
        }
    }
    false
}

/// A quotation with nothing but a picture credit after it (`"I studied chip design…" (Photo
/// by James Dinan)`): what a portrait's caption says under a name.
pub fn credited_quotation(text: &str) -> bool {
    let quote = match text.strip_suffix([')', '）']) {
        Some(body) => match body.rfind(['(', '（']) {
            Some(open) if names_a_picture(&body[open..]) => body[..open].trim_end(),
            _ => text,
        },
        None => text,
    };
    pull_quote(quote)
}

/// A caption by its own prefix: ▲/△ marks or 图：/图片来源 style credits.
/// Words that name a picture (`示意图`, `摄`, `Photo`, `Figure`): a short line with one is a
/// caption rather than a heading.
pub fn names_a_picture(text: &str) -> bool {
    const WORDS: &[&str] = &[
        "图",
        "圖",
        "照片",
        "摄",
        "攝",
        "截屏",
        "截图",
        "截圖",
        "海报",
        "海報",
        "封面",
        "photo",
        "image",
        "figure",
        "fig.",
        "screenshot",
        "picture",
        "illustration",
        "courtesy",
        "credit",
        "logo",
    ];
    let lower = text.to_lowercase();
    WORDS.iter().any(|w| lower.contains(w))
        || lower.contains(|c: char| c.is_ascii_digit()) && lower.contains(['(', '（'])
}

pub fn caption_prefix(text: &str) -> bool {
    const PREFIXES: &[&str] = &[
        "▲",
        "△",
        "↑",
        "图：",
        "图:",
        "图|",
        "图 |",
        "图丨",
        "图源",
        "图片来源",
        "图片：",
        "图片:",
        "摄影：",
        "（图",
        "(图",
        "Photo:",
        "Photograph:",
        "Image:",
        "Illustration:",
        "Photo by",
        "圖：",
        "圖片來源",
        "攝影：",
    ];
    // Photo credits that end a caption: `……的萝卜糕。（攝影／王昱翔）`.
    const CREDITS: &[&str] = &[
        "（摄影",
        "（攝影",
        "（图",
        "（圖",
        "(Photo",
        "(photo",
        "（Photo",
    ];
    let credited = text.ends_with(['）', ')'])
        && CREDITS.iter().any(|c| {
            text.rfind(c)
                .is_some_and(|at| text[at..].chars().count() <= 20)
        });
    text.chars().count() <= 100 && (PREFIXES.iter().any(|p| text.starts_with(p)) || credited)
}

/// A caption that begins with a speaker's name (already matched, `name_len` bytes): short and
/// unpunctuated ("X 同时是…的撰稿人"), or a quotation attributed to them ("X预计，“…”").
pub fn caption_after_name(text: &str, name_len: usize) -> bool {
    let rest = &text[name_len..];
    let last = text.chars().last().unwrap_or(' ');
    let short_unpunctuated = text.chars().count() <= MAX_CAPTION_CHARS
        && !rest
            .chars()
            .any(|c| zh::is_prose_punct(c) || zh::is_sentence_end(c));
    let attributed_quote = ['”', '」', '』'].contains(&last)
        && rest
            .find(['“', '「', '『'])
            .is_some_and(|q| rest[..q].chars().count() <= 12);
    short_unpunctuated || attributed_quote
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings() {
        assert_eq!(
            numbered_heading("01 前言"),
            Some(("01".into(), "前言".into()))
        );
        assert_eq!(
            numbered_heading("三、结语"),
            Some(("三".into(), "结语".into()))
        );
        assert_eq!(
            numbered_heading("第二部分：开源"),
            Some(("第二部分".into(), "开源".into()))
        );
        assert_eq!(numbered_heading("12 月,我们在新奥尔良"), None);
        assert_eq!(numbered_heading("2000 个 GPU"), None);
        assert!(plain_heading("AI 作品是否有灵魂"));
        assert!(plain_heading("AI 作品是否有灵魂？"));
        assert!(!plain_heading("是吗？"));
        assert!(!plain_heading("那是当然。"));
        assert!(!plain_heading("“引语”"));
    }

    #[test]
    fn quotes() {
        assert!(pull_quote("“我们不希望让少数人控制国民的数字生活。”"));
        assert!(!pull_quote("“AGI”这个术语和“通用智能”"));
        assert!(!pull_quote("“短”"));
    }

    #[test]
    fn separators() {
        for line in ["——", "***", "* * *", "◆◆◆", "------"] {
            assert!(is_separator(line), "{line}");
        }
        assert!(!is_separator("—"));
        assert!(!is_separator("——好"));
    }

    #[test]
    fn chrome_and_links() {
        assert!(is_widget("- A+"));
        assert!(is_widget("- 这是我的微信扫一扫"));
        assert!(is_bullet_fragment("- 我的微信"));
        assert!(!is_bullet_fragment("- 第一，开源能加速技术发展。"));
        assert_eq!(
            reference("https://www.wired.com/story/x/"),
            Some(Link {
                marker: None,
                title: None,
                url: "https://www.wired.com/story/x/".into()
            })
        );
        assert_eq!(
            reference("[1] Wired 原文: https://example.com/a"),
            Some(Link {
                marker: Some("[1]".into()),
                title: Some("Wired 原文".into()),
                url: "https://example.com/a".into()
            })
        );
        assert_eq!(reference("详见 https://example.com/a 的说明"), None);
    }
}
