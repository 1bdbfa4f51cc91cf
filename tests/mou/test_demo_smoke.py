def test_demo_agreements_load(agreements):
    assert set(agreements) == {"TH", "KR", "MY", "JP"}
