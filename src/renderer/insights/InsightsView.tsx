// Placeholder: the Insights view is built by another engineer; the console's tab renders this component.
export function InsightsView() {
  return (
    <section className="insights-placeholder" aria-label="Insights">
      <h2>Insights</h2>
      <p>Insights per action class will appear here.</p>
    </section>
  );
}

export default InsightsView;
