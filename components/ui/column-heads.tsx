/** The header row of a plain table: one column header per label. */
export function ColumnHeads({ labels, rowClassName }: { labels: readonly string[]; rowClassName: string }) {
  return (
    <thead>
      <tr className={rowClassName}>
        {labels.map((label) => (
          <th key={label} scope="col" className="p-2">
            {label}
          </th>
        ))}
      </tr>
    </thead>
  );
}
