package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/blocksql/blocksql/cli/explorer"
	"github.com/blocksql/blocksql/replay/audit"
)

const chromium = "/usr/bin/chromium"

// TestExplorer serves the explorer of a node that ran writes and walks it
// as an auditor would: plain HTTP always, and in a real headless Chromium
// when one is installed (.ci/run installs it). BLOCKSQL_SCREENSHOTS=DIR
// also writes the README's screenshots into DIR.
func TestExplorer(t *testing.T) {
	home, port := newHome(t, "sqlite", "")
	n := start(t, home, port)
	db := n.db(t, "")
	for _, q := range []string{"CREATE DATABASE shop", "CREATE TABLE shop.items (id INT PRIMARY KEY, name TEXT, price DECIMAL(10,2))",
		"INSERT INTO shop.items VALUES (1, 'pen', 1.50), (2, 'ink', 7.25)", "UPDATE shop.items SET price = 2.25 WHERE id = 1"} {
		mustExec(t, db, q)
	}
	// The explorer reads the node's database directly, which may trail the
	// answers by the one block being committed; a read through the node
	// waits for that commit (consensus/commit.go).
	var price string
	if err := db.QueryRow("SELECT price FROM shop.items WHERE id = 1").Scan(&price); err != nil || price != "2.25" {
		t.Fatalf("price %q, %v", price, err)
	}
	drv, err := openLog(home)
	if err != nil {
		t.Fatal(err)
	}
	defer drv.Close()
	gen, err := nodeGenesis(home)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(explorer.New(drv, gen, nil).Handler())
	defer srv.Close()
	for path, want := range map[string]string{
		"/":                                    `class="block"`,
		"/history?table=shop.items&key=1":      "price=2.25",
		"/diff?table=shop.items&from=0&to=999": "price=2.25",
		"/proof":                               "on this explorer's server",
	} {
		if code, body := httpGet(t, srv.URL+path); code != 200 || !strings.Contains(body, want) {
			t.Errorf("GET %s: %d, want %q in\n%.2000s", path, code, want, body)
		}
	}
	proofs := writeProofs(t, home)
	checkProofPage(t, srv.URL, proofs)
	if _, err := os.Stat(chromium); err != nil {
		if os.Getenv("BLOCKSQL_REQUIRE_BACKENDS") == "1" {
			t.Fatalf("%s not installed", chromium)
		}
		t.Skipf("%s not installed (apt-get install chromium); the pages were checked over HTTP only", chromium)
	}
	browseExplorer(t, srv.URL, proofs)
}

// proofFiles are a proof `blocksql prove` wrote for the newest
// transaction, and altered copies of it.
type proofFiles struct {
	good, badSignature, badStatement string
	tx                               audit.Statement
}

func writeProofs(t *testing.T, home string) proofFiles {
	stmts := cliJSON[[]audit.Statement](t, "log", "--json", "--home", home)
	last := stmts[len(stmts)-1]
	dir := t.TempDir()
	p := proofFiles{good: filepath.Join(dir, "tx.proof.json"), badSignature: filepath.Join(dir, "signature.proof.json"),
		badStatement: filepath.Join(dir, "statement.proof.json"), tx: last}
	if out, err := blocksqlCLI(t, "prove", last.TxHash, "--out", p.good, "--home", home); err != nil {
		t.Fatalf("prove: %v\n%s", err, out)
	}
	alter := func(path string, change func(*audit.Proof)) {
		var q audit.Proof
		b, _ := os.ReadFile(p.good)
		if err := json.Unmarshal(b, &q); err != nil {
			t.Fatal(err)
		}
		change(&q)
		b, _ = json.Marshal(&q)
		if err := os.WriteFile(path, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	alter(p.badSignature, func(q *audit.Proof) { q.Commit.Signatures[0].Signature[5] ^= 1 })
	alter(p.badStatement, func(q *audit.Proof) { q.Statements[0].SQL = "UPDATE shop.items SET price = 0.01 WHERE id = 1" })
	return p
}

// checkProofPage posts proofs to the explorer over HTTP: as an uploaded
// file, as pasted text, altered, and against another chain's genesis.
func checkProofPage(t *testing.T, base string, p proofFiles) {
	good, _ := os.ReadFile(p.good)
	other, _ := newHome(t, "sqlite", "")
	otherGenesis := readFile(t, filepath.Join(other, "config", "genesis.json"))
	for _, c := range []struct {
		name   string
		fields map[string][]byte
		code   int
		want   []string
	}{
		{"uploaded file", map[string][]byte{"file": good}, 200, []string{"VERIFIED", p.tx.TxHash, "10 of 10</strong> voting power",
			"100.0%", `<td class="signed">yes</td>`, "UPDATE shop.items SET price = 2.25 WHERE id = 1", "checked <strong>on this explorer's server"}},
		{"pasted text", map[string][]byte{"proof": good}, 200, []string{"VERIFIED", "is included at height"}},
		{"altered signature", map[string][]byte{"file": readFile(t, p.badSignature)}, 422,
			[]string{"NOT VERIFIED", "proof does not verify: signature 0 by validator"}},
		{"altered statement list", map[string][]byte{"file": readFile(t, p.badStatement)}, 422,
			[]string{"NOT VERIFIED", "statement 0 is listed as"}},
		{"another chain's genesis", map[string][]byte{"file": good, "genesis": otherGenesis}, 422,
			[]string{"NOT VERIFIED", "proof does not verify: "}},
		{"nothing", map[string][]byte{"proof": nil}, 422, []string{"choose a proof file"}},
	} {
		code, body := postForm(t, base+"/proof", c.fields)
		if code != c.code {
			t.Errorf("%s: status %d, want %d\n%.3000s", c.name, code, c.code, body)
		}
		for _, w := range c.want {
			if !strings.Contains(body, w) {
				t.Errorf("%s: want %q in\n%.3000s", c.name, w, body)
			}
		}
		if c.code != 200 && strings.Contains(body, `id="verdict"`) {
			t.Errorf("%s: a failed proof shows a verdict:\n%.3000s", c.name, body)
		}
	}
}

func readFile(t *testing.T, path string) []byte {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// postForm posts a multipart form; "file" and "genesis" are file fields.
func postForm(t *testing.T, url string, fields map[string][]byte) (int, string) {
	t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	for name, v := range fields {
		var part io.Writer
		var err error
		if name == "file" || name == "genesis" {
			part, err = w.CreateFormFile(name, name+".json")
		} else {
			part, err = w.CreateFormField(name)
		}
		if err != nil {
			t.Fatal(err)
		}
		part.Write(v)
	}
	w.Close()
	resp, err := http.Post(url, w.FormDataContentType(), &body)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// browseExplorer follows links in headless Chromium: the newest block, its
// transaction, then a row's history; then it uploads proofs.
func browseExplorer(t *testing.T, base string, proofs proofFiles) {
	actx, cancel := chromedp.NewExecAllocator(context.Background(),
		append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(chromium), chromedp.NoSandbox,
			chromedp.WindowSize(1100, 420))...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	// Not a timeout on the context: that would also stop the browser
	// before its first use (see chromedp.Run).
	stuck := time.AfterFunc(2*time.Minute, cancel)
	defer stuck.Stop()
	do := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(sel))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return s
	}
	do("open the block list", chromedp.Navigate(base+"/"), chromedp.Click("#blocks tr.txs a.block", chromedp.NodeVisible),
		chromedp.WaitVisible("#statements"))
	block := text("#statements")
	href, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("#statements a.tx").href`))
	if err != nil {
		t.Fatal(err)
	}
	do("follow a transaction", chromedp.Navigate(href), chromedp.WaitVisible("#hash"))
	tx := text("#statements")
	do("open a row's history", chromedp.Navigate(base+"/history?table=shop.items&key=1"), chromedp.WaitVisible("#changes"))
	history := text("#changes")
	ops, err := chromedp.Run(ctx, chromedp.Evaluate[string](
		`[...document.querySelectorAll("#changes td.op")].map(e => e.textContent).join(",")`))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(block, "UPDATE shop.items SET price = 2.25") || !strings.Contains(tx, "root") {
		t.Errorf("newest block page:\n%s\ntransaction page:\n%s", block, tx)
	}
	if ops != "insert,update" || !strings.Contains(history, `name="pen"`) || !strings.Contains(history, "price=2.25") {
		t.Errorf("history ops %q:\n%s", ops, history)
	}
	screenshot(t, ctx, "explorer-history.png")
	do("open the block list", chromedp.Navigate(base+"/"), chromedp.WaitVisible("#blocks"))
	screenshot(t, ctx, "explorer-blocks.png")
	for _, c := range []struct{ file, result, detail, shot string }{
		{proofs.good, "VERIFIED", "#power", "explorer-proof.png"},
		{proofs.badSignature, "NOT VERIFIED", "#error", "explorer-proof-altered.png"},
	} {
		do("upload "+filepath.Base(c.file), chromedp.Navigate(base+"/proof"), chromedp.SetUploadFiles("#file", []string{c.file}),
			chromedp.Click("#check"), chromedp.WaitVisible("#result"))
		got, detail := text("#result"), text(c.detail)
		switch {
		case got != c.result:
			t.Errorf("upload %s: %q (%s), want %q", c.file, got, detail, c.result)
		case c.result == "VERIFIED" && (!strings.Contains(detail, "10 of 10 voting power") || !strings.Contains(text("#signers"), "yes")):
			t.Errorf("verified proof: %q\n%s", detail, text("#signers"))
		case c.result != "VERIFIED" && !strings.Contains(detail, "proof does not verify: signature 0"):
			t.Errorf("altered proof: %q", detail)
		}
		screenshot(t, ctx, c.shot)
	}
}

// screenshot writes the page as the README shows it, when
// BLOCKSQL_SCREENSHOTS names a directory.
func screenshot(t *testing.T, ctx context.Context, name string) {
	dir := os.Getenv("BLOCKSQL_SCREENSHOTS")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
		t.Fatal(err)
	}
}
