package replay

import "github.com/pingcap/tidb/pkg/parser/ast"

// SetBindHook installs f as the engine's bind hook until the test ends.
func SetBindHook(f func(ast.StmtNode)) (restore func()) {
	bindHook = f
	return func() { bindHook = nil }
}

// ForgetCheckedTexts empties the memo of texts that passed Check.
func ForgetCheckedTexts() {
	checkedTexts.mu.Lock()
	clear(checkedTexts.m)
	checkedTexts.mu.Unlock()
}
