/**
 * An Adaptive Cards host config and CSS close to Microsoft Teams' light theme (Fluent 2 colours,
 * Segoe UI with open fallbacks, Teams' spacing and 6-action limit), for card previews.
 */

const text = (def: string, subtle: string) => ({ default: def, subtle });

function foreground(overrides: Partial<Record<'accent' | 'good' | 'warning' | 'attention', string>> = {}) {
  return {
    default: text('#242424', '#616161'),
    dark: text('#242424', '#424242'),
    light: text('#FFFFFF', '#E0E0E0'),
    accent: text(overrides.accent ?? '#5B5FC7', '#4F52B2'),
    good: text(overrides.good ?? '#237B4B', '#0E700E'),
    warning: text(overrides.warning ?? '#835B00', '#8A6500'),
    attention: text(overrides.attention ?? '#C4314B', '#B10E1C'),
  };
}

export const TEAMS_HOST_CONFIG = {
  fontFamily: "'Segoe UI', 'Segoe UI Web (West European)', -apple-system, 'Liberation Sans', 'DejaVu Sans', sans-serif",
  supportsInteractivity: true,
  spacing: { small: 8, default: 12, medium: 16, large: 20, extraLarge: 24, padding: 16 },
  separator: { lineThickness: 1, lineColor: '#E0E0E0' },
  fontSizes: { small: 12, default: 14, medium: 14, large: 18, extraLarge: 24 },
  fontWeights: { lighter: 300, default: 400, bolder: 600 },
  lineHeights: { small: 16, default: 20, medium: 20, large: 24, extraLarge: 32 },
  imageSizes: { small: 32, medium: 52, large: 100 },
  containerStyles: {
    default: { backgroundColor: '#FFFFFF', foregroundColors: foreground() },
    emphasis: { backgroundColor: '#F5F5F5', foregroundColors: foreground() },
    accent: { backgroundColor: '#EBEBF5', foregroundColors: foreground() },
    good: { backgroundColor: '#E7F2DA', foregroundColors: foreground() },
    attention: { backgroundColor: '#FCF4F6', foregroundColors: foreground() },
    warning: { backgroundColor: '#FBF6D9', foregroundColors: foreground() },
  },
  actions: {
    maxActions: 6,
    spacing: 'default',
    buttonSpacing: 8,
    showCard: { actionMode: 'inline', inlineTopMargin: 16, style: 'emphasis' },
    actionsOrientation: 'horizontal',
    actionAlignment: 'left',
    iconPlacement: 'leftOfTitle',
    iconSize: 16,
  },
  adaptiveCard: { allowCustomStyle: true },
  textBlock: { headingLevel: 2 },
  factSet: {
    title: { color: 'default', size: 'default', isSubtle: false, weight: 'bolder', wrap: true, maxWidth: 150 },
    value: { color: 'default', size: 'default', isSubtle: false, weight: 'default', wrap: true },
    spacing: 16,
  },
  inputs: {
    label: {
      inputSpacing: 'small',
      requiredInputs: { weight: 'default', suffix: ' *', suffixColor: 'attention' },
      optionalInputs: { weight: 'default' },
    },
    errorMessage: { size: 'small', spacing: 'small', color: 'attention' },
  },
};

/** What the host page adds around the renderer's inline styles: the message bubble, buttons, inputs. */
export const TEAMS_CARD_CSS = `
html, body { margin: 0; background: #F5F5F5; }
#stage { display: inline-block; padding: 16px; }
.teams-message { background: #FFFFFF; border-radius: 6px; box-shadow: 0 1px 2px rgba(0,0,0,.14), 0 0 2px rgba(0,0,0,.12); overflow: hidden; }
.ac-adaptiveCard { font-family: ${TEAMS_HOST_CONFIG.fontFamily}; }
.ac-pushButton {
  font-family: inherit; font-size: 14px; font-weight: 600; line-height: 20px;
  padding: 5px 12px; min-height: 32px; border-radius: 4px;
  background: #FFFFFF; color: #242424; border: 1px solid #D1D1D1; cursor: pointer;
  overflow: hidden; text-overflow: ellipsis; white-space: nowrap;
}
.ac-actionSet { flex-wrap: wrap; row-gap: 8px; }
.ac-actionSet > .ac-pushButton { flex: 0 0 auto !important; }
.ac-pushButton.style-positive, .ac-pushButton.primary { background: #5B5FC7; border-color: #5B5FC7; color: #FFFFFF; }
.ac-pushButton.style-destructive { color: #C4314B; border-color: #C4314B; }
.ac-pushButton.expanded { background: #EBEBF5; border-color: #5B5FC7; }
.ac-input, .ac-input select, .ac-input input, .ac-input textarea, .ac-multichoiceInput, .ac-textInput, .ac-numberInput, .ac-dateInput, .ac-timeInput, select.ac-choiceSetInput-compact {
  font-family: inherit; font-size: 14px; color: #242424;
}
.ac-textInput, .ac-numberInput, .ac-dateInput, .ac-timeInput, select.ac-choiceSetInput-compact, input.ac-choiceSetInput-filtered {
  box-sizing: border-box; height: 32px; padding: 4px 10px; border: 1px solid #D1D1D1; border-bottom-color: #616161; border-radius: 4px; background: #FFFFFF;
}
.ac-textInput.ac-multiline { height: 72px; resize: none; }
.ac-input-container { width: 100%; }
a.ac-anchor, a.ac-anchor:link, a.ac-anchor:visited { color: #5B5FC7; }
`;
