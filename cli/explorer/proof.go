package explorer

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	cmttypes "github.com/cometbft/cometbft/types"

	"github.com/blocksql/blocksql/replay/audit"
)

// maxUpload bounds an uploaded proof plus genesis (a proof is a few KB; a
// genesis with many validators some hundred KB).
const maxUpload = 8 << 20

// Genesis is the genesis a proof is checked against unless the auditor
// uploads another one; SHA256 lets them compare it with the file they
// trust.
type Genesis struct {
	Doc    *cmttypes.GenesisDoc
	SHA256 string
}

// ReadGenesis parses a genesis.json.
func ReadGenesis(b []byte) (*Genesis, error) {
	doc, err := cmttypes.GenesisDocFromJSON(b)
	if err != nil {
		return nil, fmt.Errorf("read genesis: %w", err)
	}
	sum := sha256.Sum256(b)
	return &Genesis{Doc: doc, SHA256: hex.EncodeToString(sum[:])}, nil
}

func (s *Server) proofForm(w http.ResponseWriter, _ *http.Request) {
	s.render(w, "proof.html", map[string]any{"Genesis": s.gen}, nil)
}

// verifyProof checks an uploaded or pasted proof on the server, with the
// code verify-proof runs (audit.VerifyProofJSON).
func (s *Server) verifyProof(w http.ResponseWriter, r *http.Request) {
	data := map[string]any{"Genesis": s.gen, "Checked": true}
	r.Body = http.MaxBytesReader(w, r.Body, maxUpload)
	proof, gen, err := s.readUpload(r)
	if err == nil {
		data["Genesis"] = gen
		data["Verdict"], err = audit.VerifyProofJSON(proof, gen.Doc)
	}
	s.render(w, "proof.html", data, err)
}

// readUpload returns the proof (a file, else the pasted text) and the
// genesis (an uploaded file, else the node's).
func (s *Server) readUpload(r *http.Request) ([]byte, *Genesis, error) {
	if err := r.ParseMultipartForm(maxUpload); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		return nil, nil, fmt.Errorf("read the upload: %w", err)
	}
	proof, err := formFile(r, "file")
	if err != nil {
		return nil, nil, err
	}
	if len(proof) == 0 {
		proof = []byte(strings.TrimSpace(r.FormValue("proof")))
	}
	if len(proof) == 0 {
		return nil, nil, errors.New("choose a proof file (written by blocksql prove) or paste its JSON")
	}
	g, err := formFile(r, "genesis")
	switch {
	case err != nil:
		return nil, nil, err
	case len(g) > 0:
		gen, err := ReadGenesis(g)
		return proof, gen, err
	case s.gen == nil:
		return nil, nil, errors.New("this explorer has no genesis: upload the chain's genesis.json")
	}
	return proof, s.gen, nil
}

// formFile reads an uploaded file; no file is no bytes.
func formFile(r *http.Request, name string) ([]byte, error) {
	f, _, err := r.FormFile(name)
	if errors.Is(err, http.ErrMissingFile) || errors.Is(err, http.ErrNotMultipart) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read the uploaded %s: %w", name, err)
	}
	defer f.Close()
	return io.ReadAll(f)
}
