/** The header row of a plain table: one column header per label. */
export function ColumnHeads({
  labels,
  rowClassName,
  cellClassName = "p-2",
}: {
  labels: readonly string[];
  rowClassName: string;
  cellClassName?: string;
}) {
  return (
    <thead>
      <tr className={rowClassName}>
        {labels.map((label) => (
          <th key={label} scope="col" className={cellClassName}>
            {label}
          </th>
        ))}
      </tr>
    </thead>
  );
}
