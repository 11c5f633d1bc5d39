package configured

// Ignored by .routevet.yaml.
func g() { flag() }
