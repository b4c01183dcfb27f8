from pipeline.spans import DisjointSpans, Spans


def test_overlaps_of_a_fixed_set_that_may_overlap_itself():
    spans = Spans([(10, 20), (0, 30), (40, 45)])
    assert spans.overlaps(25, 26) and spans.overlaps(44, 50) and not spans.overlaps(30, 40)
    assert spans.covering_end(5, 6) == 30 and spans.covering_end(31, 39) is None


def test_spans_added_one_at_a_time():
    spans = DisjointSpans()
    for start, end in [(50, 60), (10, 20), (30, 40)]:
        assert not spans.overlaps(start, end)
        spans.add(start, end)
    assert spans.overlaps(15, 16) and spans.overlaps(59, 70) and not spans.overlaps(20, 30)
    assert spans.covering_end(35, 36) == 40
