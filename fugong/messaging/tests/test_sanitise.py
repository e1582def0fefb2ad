from fugong.messaging.sanitise import plain_text, sanitise


def test_allowed_markup_is_kept_and_links_are_made_safe():
    html, problems = sanitise(
        '<p>请<strong>立即</strong>落实<a href="https://hajz.example/x">方案</a></p>'
    )
    assert problems == []
    assert html == (
        '<p>请<strong>立即</strong>落实<a href="https://hajz.example/x" '
        'rel="noopener noreferrer nofollow">方案</a></p>'
    )


def test_dangerous_content_is_reported():
    for html, found in (
        ("<script>alert(1)</script>", "<script>"),
        ("<SCRIPT SRC=//x.example/a.js></SCRIPT>", "<script>"),
        ('<img src=x onerror="alert(1)">', "onerror="),
        ('<a href=" javascript:alert(1)">x</a>', "href="),
        ('<a href="JaVaScRiPt:alert(1)">x</a>', "href="),
        ("<style>body{}</style>", "<style>"),
        ('<p style="background:url(x)">x</p>', "style="),
        ("<svg><script>alert(1)</script></svg>", "<svg>"),
        ("<iframe src=https://x.example></iframe>", "<iframe>"),
    ):
        _clean, problems = sanitise(html)
        assert any(p.startswith(found) for p in problems), (html, problems)


def test_unknown_harmless_tags_are_dropped_with_their_text():
    html, problems = sanitise('<div class="x"><font color=red>红色</font> 文字</div><!-- 注释 -->')
    assert problems == [] and html == "红色 文字"


def test_text_is_escaped_and_unclosed_tags_closed():
    html, _ = sanitise("<p>1 &lt; 2 & <b>粗")
    assert html == "<p>1 &lt; 2 &amp; <b>粗</b></p>"


def test_plain_text_becomes_paragraphs():
    html, problems = sanitise("第一段\n第二行\n\n第二段 <不是标签")
    assert problems == [] and html == "<p>第一段<br>第二行</p><p>第二段 &lt;不是标签</p>"


def test_plain_text_for_robots():
    assert plain_text("<h3>一、目标</h3><ul><li>甲</li><li>乙</li></ul><p>1 &lt; 2</p>") == (
        "一、目标\n• 甲\n• 乙\n1 < 2"
    )


def test_markup_built_to_confuse_a_parser_leaves_nothing_active():
    for html in (
        '<a href="java&#x09;script:alert(1)">x</a>',
        "<scr<script>ipt>alert(1)</scr</script>ipt>",
        '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
        '<table><td><a href="https://ok.example" onclick="alert(1)">x</a></table>',
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        '<p>正文</p><a href="data:text/html;base64,PHNjcmlwdD4=">y</a>',
    ):
        clean, _problems = sanitise(html)
        lowered = clean.lower()
        for active in ("<script", "onerror", "onclick", "javascript:", "<img", "data:", "<style"):
            assert active not in lowered, (html, clean)
