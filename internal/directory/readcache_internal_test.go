package directory

import "testing"

func TestStatementKey(t *testing.T) {
	distinct := [][2]string{
		{statementKey("q", []any{"a\x00b", "c"}), statementKey("q", []any{"a", "b\x00c"})},
		{statementKey("q", []any{"1"}), statementKey("q", []any{1})},
		{statementKey("q", []any{"a"}, []any{"b"}), statementKey("q", []any{"a", "b"})},
		{statementKey("q", []any{""}), statementKey("q", []any{nil})},
		{statementKey("q1", []any{"x"}), statementKey("q", []any{"1x"})},
		{statementKey("q", []any{true}), statementKey("q", []any{"true"})},
	}
	for i, p := range distinct {
		if p[0] == p[1] {
			t.Errorf("case %d: different statements share the key %q", i, p[0])
		}
	}
	if statementKey("q", []any{"a", 1}) != statementKey("q", []any{"a", 1}) {
		t.Error("the same statement has two keys")
	}
}
