//! Captions whose picture is not in the book.
//!
//! A caption copied without its picture (or whose picture could not be read) would sit between
//! two turns as a stray grey line; the backends set it off and, unless its words already say
//! what they are (`▲ 图为…`, `图片来源：…`, `Photo: …`), put a label before it.

/// Whether a caption's own words open with a picture marker or a word such as `图：`,
/// `Photo:`, so that a label before it would say the same thing twice.
pub fn names_itself(text: &str) -> bool {
    let text = text.trim_start();
    if text.starts_with([
        '▲', '△', '▼', '▽', '↑', '↓', '←', '→', '☝', '👆', '👇', '📷', '📸',
    ]) {
        return true;
    }
    // Chinese: a word for picture (never 图书, 图灵).
    const ZH_WORDS: &[&str] = &[
        "图片", "圖片", "照片", "摄影", "攝影", "插图", "插圖", "配图", "配圖", "图注", "圖注",
        "图说", "圖說", "上图", "下图", "左图", "右图", "上圖", "下圖", "左圖", "右圖", "图", "圖",
    ];
    const ZH_AFTER: &[&str] = &[
        "：", ":", "|", "丨", "｜", "/", "／", "为", "為", "源", "自", "中", "片", "注", "说",
        "說", " ", "\u{3000}", "（", "(",
    ];
    for word in ZH_WORDS {
        if let Some(rest) = text.strip_prefix(word) {
            // 图片, 摄影, 上图 open a caption whatever follows; 图 alone only before 为, ：, a number.
            if word.chars().count() > 1
                || rest.starts_with(|c: char| c.is_ascii_digit())
                || ZH_AFTER.iter().any(|a| rest.starts_with(a))
            {
                return true;
            }
        }
    }
    // English: `Photo:`, `Pictured, left:`, `Figure 3.`, `Credit —`.
    const EN_WORDS: &[&str] = &[
        "photo",
        "photograph",
        "image",
        "picture",
        "pictured",
        "illustration",
        "figure",
        "fig",
        "credit",
        "caption",
        "above",
        "below",
        "top",
        "bottom",
        "left",
        "right",
        "inset",
    ];
    let word: String = text
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect::<String>()
        .to_ascii_lowercase();
    if !EN_WORDS.contains(&word.as_str()) {
        return false;
    }
    let rest = &text[word.len()..];
    word == "pictured"
        || rest.starts_with([':', '|', '.', ',', '—', '–'])
        || rest.starts_with(" —")
        || rest.starts_with(" –")
        || rest.starts_with(" |")
        || rest
            .strip_prefix(' ')
            .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::names_itself;

    #[test]
    fn a_caption_that_says_what_it_is_needs_no_label() {
        for text in [
            "▲ 图为 2019 年的发布会",
            "图：受访者在实验室",
            "图片来源：网络",
            "图源 | 视觉中国",
            "图为受访者",
            "图 2 模型结构",
            "摄影：张三",
            "上图：左起依次为",
            "圖說：受訪者",
            "Photo: Jane Doe",
            "Pictured left to right, the team",
            "Figure 3. The pipeline",
            "Credit — Reuters",
            "Above, the lab in 2019",
        ] {
            assert!(names_itself(text), "{text}");
        }
    }

    #[test]
    fn a_caption_that_describes_only_gets_a_label() {
        for text in [
            "Steven Levy 同时是著名摇滚杂志《滚石》的撰稿人",
            "图灵奖得主在演讲",
            "图书馆的外景",
            "左右为难的选择",
            "The team at the 2019 offsite",
            "Photographers gather outside",
            "Rightly celebrated, the lab",
        ] {
            assert!(!names_itself(text), "{text}");
        }
    }
}
