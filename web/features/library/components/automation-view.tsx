import { Badge, Button, Group, List, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconExternalLink } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { AutomationDetails } from '../../../../contracts/content.js';

/** Setup instructions are plain text; numbered or bulleted lines become steps. */
function stepsOf(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.replace(/^\s*(?:\d+[.)]|[-*•])\s*/, '').trim())
    .filter(Boolean);
}

export function AutomationView({ details }: { details: AutomationDetails }) {
  const { t } = useTranslation('library');
  const steps = stepsOf(details.setupInstructions);
  return (
    <Stack gap="lg">
      {details.toolDescription ? (
        <Text style={{ whiteSpace: 'pre-wrap' }}>{details.toolDescription}</Text>
      ) : null}
      <div>
        <Title order={3} fz="sm" fw={650} mb="xs">
          {t('views.automation.requiredTools')}
        </Title>
        {details.requiredTools.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('views.automation.noTools')}
          </Text>
        ) : (
          <Group gap={6} data-testid="required-tools">
            {details.requiredTools.map((tool) => (
              <Badge key={tool} variant="light" color="orange" tt="none" radius="sm" size="lg">
                {tool}
              </Badge>
            ))}
          </Group>
        )}
      </div>
      {steps.length > 0 ? (
        <div>
          <Title order={3} fz="sm" fw={650} mb="xs">
            {t('views.automation.setup')}
          </Title>
          <List
            type="ordered"
            spacing="sm"
            data-testid="setup-steps"
            icon={undefined}
            styles={{ itemWrapper: { alignItems: 'flex-start' } }}
          >
            {steps.map((step, index) => (
              <List.Item
                key={index}
                icon={
                  <ThemeIcon size={22} radius="xl" variant="light" color="orange">
                    <Text size="xs" fw={700}>
                      {index + 1}
                    </Text>
                  </ThemeIcon>
                }
              >
                <Text size="sm">{step}</Text>
              </List.Item>
            ))}
          </List>
        </div>
      ) : null}
      <Group>
        <Button
          component="a"
          href={details.workflowUrl}
          target="_blank"
          rel="noopener noreferrer"
          size="md"
          color="orange"
          rightSection={<IconExternalLink size={16} />}
        >
          {t('views.automation.openWorkflow')}
        </Button>
      </Group>
    </Stack>
  );
}
