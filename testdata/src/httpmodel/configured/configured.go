package configured

func flag()  {}
func noisy() {}

func f() {
	flag()  // want "finding"
	noisy() // category reporter/noisy is disabled by .routevet.yaml
}
