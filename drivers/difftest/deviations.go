package difftest

// Deviation is a documented difference between blocksql and MariaDB: the
// tester recognizes it by a precise rule and counts it instead of
// failing. Each one is a line of the README's "Known deviations"; delete
// it here and there when the difference is fixed.
type Deviation struct {
	ID     string
	Reason string
	Match  func(d Diff) bool
}

// Deviations is the reviewed list, checked in order.
var Deviations = []Deviation{
	{ID: "autoinc-no-gap", Reason: "AUTO_INCREMENT ids are assigned by the apply engine; a failed statement or a rolled-back transaction consumes none (InnoDB keeps them)",
		Match: func(d Diff) bool { return d.Kind == KindAutoInc }},
}

// Classify marks each difference with the deviation that explains it,
// or as unexpected.
func Classify(ds []Diff) []Diff {
	for i := range ds {
		ds[i].Unexpected = true
		for _, dev := range Deviations {
			if dev.Match(ds[i]) {
				ds[i].Deviation, ds[i].Unexpected = dev.ID, false
				break
			}
		}
	}
	return ds
}
