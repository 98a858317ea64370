import { cellField, cellPointsField, derivedColumns, derivedPoints, type GridFields, type GridModel } from './grid';

/**
 * The grid as the template draws it: per row and column the typed value (empty when derived)
 * and the derived value shown as a placeholder. After a refused save, `typed` holds what the
 * user typed, so the form comes back as they left it.
 */
export function gridView(model: GridModel, typed?: GridFields) {
  const weights = model.rows.filter((r) => r.percent > 0).map((r) => ({ key: r.key, percent: r.percent }));
  const text = (name: string, fallback: string): string => {
    if (!typed) return fallback;
    const v = typed[name];
    return (Array.isArray(v) ? v[0] : v) ?? '';
  };
  const skill = model.part === 'skill';
  const skillPoints = derivedPoints(weights, 100);
  // Placeholders of the columns left to the weights, derived together as the service does.
  const blank = model.columns.filter((c) => !c.overridden);
  const joint = derivedColumns(weights, blank.map((c) => c.count));
  const columns = model.columns.map((c) => {
    const derived = joint[blank.indexOf(c)] ?? new Map<string, number>();
    const cells = model.rows.map((r) => {
      const stored = c.cells.get(r.key);
      const placeholder = skill ? (r.percent > 0 ? 1 : 0) : derived.get(r.key) ?? 0;
      const pointsPlaceholder = skillPoints.get(r.key) ?? 0;
      return {
        key: r.key,
        type: c.type,
        field: cellField(c.type, r.key),
        pointsField: cellPointsField(c.type, r.key),
        value: text(cellField(c.type, r.key), c.overridden ? String(stored?.count ?? 0) : ''),
        placeholder: String(placeholder),
        points: text(cellPointsField(c.type, r.key), c.overridden && stored?.points !== undefined ? String(stored.points) : ''),
        pointsPlaceholder: String(pointsPlaceholder),
        assessed: r.percent > 0,
      };
    });
    return {
      type: c.type,
      label: c.label,
      title: text(`title_${c.type}`, c.title),
      count: text(`count_${c.type}`, String(c.count)),
      pointsPerItem: text(`points_${c.type}`, String(c.pointsPerItem)),
      countField: `count_${c.type}`,
      pointsFieldName: `points_${c.type}`,
      titleField: `title_${c.type}`,
      cells,
    };
  });
  return {
    skill,
    types: model.columns.map((c) => c.type).join(','),
    columns,
    rows: model.rows.map((r, i) => ({ key: r.key, name: r.name, percent: r.percent, cells: columns.map((c) => c.cells[i]!) })),
  };
}
