import { Checkbox } from '@mantine/core';
import type { Package } from '../api';
import { usePackageName } from '../hooks';

interface PackageCheckboxesProps {
  packages: Package[];
  /** The name of a module key, for the modules each package holds. */
  moduleName: (key: string) => string;
}

/** One checkbox per access package (inside a Checkbox.Group), described by the modules it holds. */
export function PackageCheckboxes({ packages, moduleName }: PackageCheckboxesProps) {
  const packageName = usePackageName();
  return packages.map((pkg) => <Checkbox key={pkg.key} value={pkg.key} label={packageName(pkg)} description={pkg.modules.map(moduleName).join(', ')} />);
}
