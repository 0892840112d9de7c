"""Every tunable of alignment, with the reason for its value (frozen: replace to vary)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class FitConfig:
    """The fit rule (`fit.py`) and the refinement that maximises it."""

    # A detected value line's height over its rectangle's: values fill 50-75 % of a rectangle
    # drawn with a margin, and DB boxes grow a third or more round the ink (more in a small view).
    expected_height: float = 0.85
    # Rectangle half-heights off centre at which a line's centring term falls to 1/e: soft, so
    # that a line just outside still draws the refinement towards its field.
    centre_spread: float = 0.75
    # Log-ratio of heights within which a line is as tall as expected (0.59-1.23 of the
    # rectangle: small values, accents, descenders), and beyond which the height term falls
    # to 1/e over this much more: a label a third of the rectangle's height scores 0.02.
    height_tolerance: float = 0.37
    height_spread: float = 0.25
    # A value's line starts within this many rectangle heights of the left side (DB boxes reach
    # a little left of the ink; users draw rectangles close round the values) ...
    start_slack: float = 0.3
    start_spread: float = 0.8  # ... and scores 1/e this many heights further in
    # A stack's lines under this share of a one-line field's value height hold no value (a
    # bilingual label's two small lines are together as tall as a value).
    stack_line_share: float = 0.65
    intrusion_cost: float = 0.5  # a field's score lost when other text covers its whole width
    held: float = 0.3  # a field whose best line scores this is held (counts for `Fit.held`)
    crossing_slack: float = 0.35  # rectangle heights a held line may pass a side by and not cross it
    # A field holds a label, not its value (`fit._outshone`), when its line is under `label_share`
    # of the rectangle's height (a value's detected line fills 0.75-0.9 of it, a label's 0.55-0.65)
    # and a line no field holds lies `beside_rows` rectangle heights above or below its middle, at
    # least `outshining` times as tall and at most `value_share` of the rectangle (taller: a
    # bilingual label's two lines detected as one, beside a field holding its value).
    label_share: float = 0.7
    beside_rows: tuple[float, float] = (0.3, 1.2)
    outshining: float = 1.3
    value_share: float = 1.05
    # Refinement: the outline is at most a few per cent off; anything larger is another document.
    max_shift: float = 0.05  # of the reference's width or height
    row_fraction: float = 0.45  # ... and vertically under half the field rows' spacing
    coarse_step: float = 0.004  # grid steps, as shares of the reference's longer side
    fine_step: float = 0.001
    # ... then whole sides, over a grid this far each round (a share of the size across them,
    # four rounds at most), each move kept when it gains this much more fit than it costs: an
    # outline on a framed panel or a band's edge lies a row or more inside the document, beyond
    # the shift's reach (a side on a microprinted border cuts a column's first words). The top and
    # bottom are searched so only in a candidate fitting worse than `reshape_below`: on a form
    # whose labels are as large as its values, moving them a row makes labels fit as well.
    max_side_move: float = 0.12
    side_gain: float = 0.03
    reshape_below: float = 0.75
    # ... then each corner on its own, up to this share of the size around where the sides put
    # it (perspective the outline missed: a header band's inner edge taken for the top), in
    # steps halving from this share.
    max_corner_move: float = 0.08
    corner_step: float = 0.016
    # Fit points a correction costs per share of the size its corners move on average: a flat
    # optimum stays put, and a candidate that must be bent far to fit (an inner panel taken for
    # the outline) scores less than one that fits as found.
    move_cost: float = 2.0


@dataclass(frozen=True)
class AlignConfig:
    """How alignment finds, straightens and judges the document."""

    fit: FitConfig = field(default_factory=FitConfig)
    # An image this close to the template's shape may already be the document. Phone frames
    # (4:3, 3:2) come within 6 % of passport and A-series shapes, so closer than that first.
    scan_aspect: float = 0.04
    loose_scan_aspect: float = 0.08  # ... and offered as a candidate among outlines this close
    scan_cover: float = 0.85  # an outline covering less of the image than this is a document in a photo
    min_cover: float = 0.2  # ... unless less than this: a picture printed on the document
    scan_check_side: int = 360  # the quick look for an outline inside a scan: small
    scan_check_lines: int = 8  # ... and few edge lines
    # Text lines are found in a view where a median field is this tall: DB finds lines of 10 px
    # and more, and a smaller view is quicker (detection costs its pixels).
    detected_height: float = 18.0
    min_detect_side: int = 320
    max_detect_side: int = 960
    # A scan whose text runs this far from level is levelled before reading (the fit and the
    # fields' placement are measured level); beyond max_skew it is a photo's business.
    min_skew: float = 0.3
    max_skew: float = 15.0
    sure_fit_lead: float = 0.15  # a scan's turn whose fit leads the other's by this needs no classifier
    work_side: int = 1280  # photos are searched at most this large
    # ... and where nothing fits surely (`sure`), text lines are looked for again in the
    # picture's four quarters with the picture this large (each quarter within detection's
    # input): a card's print of 6-8 px in a 1280 px photo lying on a newspaper went unseen, and
    # only the newspaper's lines were searched (development document 385; in document 515 a
    # stretch of the newspaper fit 0.60, trusted). Of the 192 photos and A4 pages of development
    # documents 448-479, one right alignment fit under `sure`: the second look costs little.
    parts_side: int = 1920
    snap_reach: float = 0.04  # of the document's size: how far an outline's side may move onto an edge
    # Detected lines are cut at blank gaps this many text heights wide: a label beside its value
    # is printed a space or more away, a word space is under half a height (a monospaced one more).
    segment_gap: float = 0.5
    # A scan's own reading wins unless another candidate fits this much better: alignment must
    # never make a scan worse.
    scan_preference: float = 0.08
    outlines_found: int = 12  # documents' outlines of a photo kept by their edges, then ranked by how text fits inside
    # ... and of each document, this many outlines apart: a hard photo's card on a sheet of paper
    # (development document 301) was outlined with one side on the sheet's edge, backed better
    # than the card's own, and that outline stood for the card; the card's own fit it 0.99 and was
    # never tried. The last of them is the best backed by edges, if not among the others: an A5
    # page's own outline (edges along 99 % of its sides) held less of the photo's text than
    # outlines reaching over the newspaper under it, and came tenth (development document 536)
    outlines_per_document: int = 3
    # Outlines from where the text lies (`layout.py`), for documents whose edges do not show: a
    # placement must hold a line at the start of this many fields (fewer is chance) ...
    layout_min_fields: int = 4
    layout_min_scale: float = 0.15  # ... at a scale showing the document this large in the image, at least
    layout_slack: float = 0.8  # value heights a line's start may lie off a field's left (half that off its middle)
    layout_hypotheses: int = 3000  # field-line pairs tried as placements, at most (a sample on a busy page)
    layout_refined: int = 24  # likeliest placements fitted by least squares and judged strictly
    layout_margin: float = 0.02  # of the image's size: how far a placement may reach out of it
    layout_lead: float = 0.1  # fit a placement needs over an outline whose side the refinement moved
    layout_crossing: float = 0.1  # share of held fields whose line may cross a side (print beside the card: a quarter)
    # Placements straightened, those holding the most fields first: a sheet of print under a card
    # holds a line at the start of as many fields as the card, and its placement came first
    # (fresh2 document 25: the sheet's 0.71, the card's, second, 0.96).
    layouts_tried: int = 2
    # An outline in a photo whose left or right side runs through more lines of the photo's text
    # than this (`fit.lines_cut`) loses this much fit for each line more: of 302 right photo
    # alignments in the development pool (documents 192-255), 298 cut none, 3 one and 1 two; an
    # outline on a newspaper's columns beside an A6 document cut 19, and fit its fields 0.88.
    # Outlines are ranked for straightening with this cost too: stretches of a newspaper fitting
    # 0.76-0.85 filled the six tried, and a residence permit's own outline, found on its printed
    # frame and fitting 0.94 once refined, came eighth (development document 560).
    cut_allowed: int = 2
    cut_cost: float = 0.05
    outlines_tried: int = 6  # candidates straightened and refined, best first, until one is sure
    sure: float = 0.75  # a scan (or a straightened photo) fitting this well needs no other look
    # An outline fitting this well ends the search among outlines: a sheet's column of print, or
    # the document a row off, fit their fields 0.78-0.83 in the development pool and were taken
    # before the document's own outline (0.97) was tried. 0.9 mends as much and costs photos 8 %
    # more time; this costs none.
    outline_sure: float = 0.85
    # ... if edges back its sides this well (`Quad.edges`): a newspaper's column, one side on a
    # page's edge lying on it and the others on nothing, fit an A6 page's even rows 0.90 and ended
    # the search before the page's own outline (edges 0.93, fit 0.96) was tried (development
    # document 198). The right outlines looked at were backed 0.93-0.99; a pale card's dashed edge
    # is backed less, which costs only the search's time.
    sure_edges: float = 0.7
    # Below this fit an alignment is not trusted: its fields are flagged and extract() refuses.
    # Right alignments of every kind in the development pool fit 0.6 or better; misplaced ones
    # (a field row off, an inner panel, another document) under 0.4.
    trusted: float = 0.5
    # ... nor is one where more than this share of the fields hold a label with a larger value
    # beside it (`Fit.outshone`): the fields sit a row off, where the fit cannot tell (a label's
    # detected line, grown round small print, is as tall as a loosely drawn rectangle expects).
    # Development pool: a photo whose fields all sat on the labels, fit 0.95, 69 %; 288 other
    # photos and 192 scans, 25 % at most.
    outshone: float = 0.5
    classified_fields: int = 6  # field rectangles the text-direction classifier looks at (a scan)
    classified_lines: int = 10  # widest detected lines it looks at in a straightened photo
    sure_vote: float = 2.5  # log-odds lead of one turn over the next that settles a scan's orientation
    # Anchors (`anchors.py`).
    anchor_match: float = 0.6  # fuzzy similarity a line's reading needs to count as an anchor
    anchor_error: float = 8.0  # reference pixels an anchor's line may lie off the correction and agree
    anchor_spread: float = 0.25  # share of the document the anchors must span to correct perspective
    anchor_correction: float = 0.35  # anchors may move corners by this share of the size, no more
    anchor_passes: int = 3  # anchor corrections in turn, each in the document straightened by the last
    settled: float = 0.01  # a correction moving no corner more than this share of the size ends them
    # A template's sample image (`sample.py`).
    sample_features: int = 800  # ORB features found in the sample and in the document
    sample_min_matches: int = 8  # features that must agree for a correction
    sample_reach: float = 0.06  # of the size: how far from its place a feature may be matched
    sample_error: float = 3.0  # reference pixels a feature may lie off the correction and agree
    sample_share: float = 0.4  # the share of the sample's features found in place that counts as a full match
    # Field placement (`placement.py`).
    snap_shift: float = 0.4  # a field follows its line by at most this share of its height
    snap_height: float = 1.1  # ... a line no taller than this share of it (taller: two rows run together)
    # A line this many times a field's height is no row's print (an overprinted word, a seal, whose
    # box hides the value lines it crosses): it pushes no side off it; one this many times the
    # held line's height (a stack's: its tallest line's) moves no side of the field sideways.
    overprint_height: float = 2.0
    snap_majority: float = 0.5  # a line cut by a side belongs to the field when this share lies inside


ALIGN = AlignConfig()
