package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"

	cmttypes "github.com/cometbft/cometbft/types"

	"github.com/blocksql/blocksql/replay/audit"
)

type verifyProofCmd struct{}

func init() { register("verify-proof", verifyProofCmd{}) }

func (verifyProofCmd) Summary() string {
	return "check a transaction proof offline against a genesis file"
}

const verifyProofHint = "blocksql verify-proof tx.proof.json --genesis genesis.json"

func (verifyProofCmd) Run(_ context.Context, args []string) error {
	fs := flag.NewFlagSet("verify-proof", flag.ContinueOnError)
	genesis := fs.String("genesis", "", "the chain's genesis.json: the validators the proof must be signed by")
	pos, err := parseArgs(fs, args)
	if err != nil || len(pos) != 1 || *genesis == "" {
		return &UsageError{Msg: "verify-proof takes a proof file and --genesis", Hint: verifyProofHint}
	}
	gen, err := cmttypes.GenesisDocFromFile(*genesis)
	if err != nil {
		return fmt.Errorf("read genesis: %w", err)
	}
	b, err := os.ReadFile(pos[0])
	if err != nil {
		return fmt.Errorf("read proof: %w", err)
	}
	var p audit.Proof
	if err := json.Unmarshal(b, &p); err != nil {
		return fmt.Errorf("%w: %s is not a proof file: %v", audit.ErrProof, pos[0], err)
	}
	v, err := audit.VerifyProof(&p, gen)
	if err != nil {
		return err
	}
	fmt.Println("OK:", v)
	return nil
}
